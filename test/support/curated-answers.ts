// The curated queries' answers as JSON, mirroring schema/queries.graphql, for tests to type the
// `data` they read. A query's answer holds only the fields it selects; a test that selects fewer
// types what it reads with Pick<>.

export interface EntityRef {
  key: string;
  name: string;
  type: string;
}

export interface SourceRef {
  key: string;
  title: string;
  url: string | null;
  publisher: string | null;
  lastUpdated: string | null;
}

export interface PartialDate {
  date: string;
  precision: string;
  text: string;
}

export interface Period {
  start: PartialDate | null;
  end: PartialDate | null;
}

export interface Money {
  amount: number;
  currency: string;
}

export interface Affiliation {
  organization: EntityRef;
  title: string;
  sources: SourceRef[];
}

export interface FundingRow {
  funder: EntityRef;
  amount: number | null;
  currency: string | null;
  period: Period;
  sources: SourceRef[];
}

export interface CoordinationRow {
  coordinator: EntityRef;
  role: string;
  affiliations: Affiliation[];
  initiative: EntityRef;
  status: string | null;
  period: Period;
  funders: FundingRow[];
  sources: SourceRef[];
}

export interface CoordinationPage {
  totalCount: number;
  rows: CoordinationRow[];
}

export interface NetworkNode {
  id: string;
  label: string;
  type: string;
  degree: number;
}

export interface NetworkEdge {
  id: string;
  source: string;
  target: string;
  kind: 'COLLABORATION' | 'AFFILIATION';
  weight: number;
  sharedFunding: Money[];
  via: EntityRef[];
  sources: SourceRef[];
}

export interface Network {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  totalEdges: number;
  truncated: boolean;
}

export interface PathStep {
  from: EntityRef;
  relationship: string;
  direction: 'FORWARD' | 'BACKWARD';
  to: EntityRef;
  sources: SourceRef[];
}

export interface Path {
  length: number;
  steps: PathStep[];
}

export interface SearchHit {
  entity: EntityRef;
  score: number;
  description: string | null;
}

export interface FundingGroup {
  group: EntityRef | null;
  year: number | null;
  currency: string;
  total: number;
  projectCount: number;
  projects: EntityRef[];
  sources: SourceRef[];
}

/** The `data` of an operation on each curated query. */
export interface CoordinationsData {
  coordinations: CoordinationPage;
}
export interface NetworkData {
  collaborationNetwork: Network;
}
export interface ConnectionsData {
  connections: Path[];
}
export interface SearchData {
  search: SearchHit[];
}
export interface FundingSummaryData {
  fundingSummary: FundingGroup[];
}
