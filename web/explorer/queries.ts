import { edgeLimitFor } from './state';

/**
 * The GraphQL operations the explorer sends: the curated queries (search, collaborationNetwork,
 * connections) and, for profiles, the generated API (`organizations(where: { key: { eq } })`, …).
 * Every one stays within the server's default limits (cost, depth): test/explorer/queries.test.ts.
 */

export interface EntityRef {
  key: string;
  name: string;
  type: string;
}

export interface SourceRef {
  key: string;
  title: string;
  url?: string | null;
  publisher?: string | null;
  lastUpdated?: string | null;
}

export const SEARCH = `query ExplorerSearch($text: String!, $types: [String!], $limit: Int) {
  search(text: $text, types: $types, limit: $limit) { entity { key name type } }
}`;
export interface SearchAnswer {
  search: { entity: EntityRef }[];
}

// --- the network ------------------------------------------------------------------------------

export interface ApiNode {
  id: string;
  label: string;
  type: string;
  /** Edges at the node in the network; the page counts them itself (one field less per node to ask for). */
  degree?: number;
}

export interface Money {
  amount: number;
  currency: string;
}

export interface ApiEdge {
  /** The API's edge id; the page derives it (edgeId) rather than asking for it. */
  id: string;
  source: string;
  target: string;
  kind: 'COLLABORATION' | 'AFFILIATION';
  weight: number;
  via?: EntityRef[];
  sharedFunding?: Money[];
  sources?: SourceRef[];
}

export interface ApiNetwork {
  nodes: ApiNode[];
  edges: ApiEdge[];
  totalEdges: number;
  truncated: boolean;
}

const NETWORK_ARGS = `$around: ID, $hops: Int, $where: InitiativeFilter, $nodeLimit: Int, $edgeLimit: Int, $edgeOffset: Int`;
const NETWORK_CALL = `collaborationNetwork(around: $around, hops: $hops, where: $where, nodeLimit: $nodeLimit, edgeLimit: $edgeLimit, edgeOffset: $edgeOffset)`;

/**
 * Nodes and the first page of edges: what drawing needs, no more. The server's cost limit counts
 * every field of every node and edge, so the page asks for the fewest: 2 000 nodes and 10 000
 * edges fit one request (46 000 of the default 50 000), which spares the server computing the
 * network twice.
 */
export const NETWORK = `query ExplorerNetwork(${NETWORK_ARGS}) {
  ${NETWORK_CALL} {
    nodes { id label type }
    edges { source target kind weight }
    totalEdges truncated
  }
}`;
export type SlimEdge = Omit<ApiEdge, 'id'>;
export interface NetworkAnswer {
  collaborationNetwork: Omit<ApiNetwork, 'edges'> & { edges: SlimEdge[] };
}

/** A further page of edges of the same network, when the server's cost limit is lower. */
export const NETWORK_EDGES = `query ExplorerNetworkEdges(${NETWORK_ARGS}) {
  ${NETWORK_CALL} { edges { source target kind weight } }
}`;
export interface NetworkEdgesAnswer {
  collaborationNetwork: { edges: SlimEdge[] };
}

/**
 * How many edges fit in the first request, beside `nodeLimit` nodes, and in each further page,
 * for a cost budget; the page asks for edgeLimitFor(nodeLimit) edges in all.
 */
export function networkPages(budget: number, nodeLimit: number): { first: number; page: number } {
  const room = budget - 50;
  return { first: Math.max(0, Math.min(edgeLimitFor(nodeLimit), Math.floor((room - NODE_COST * nodeLimit) / EDGE_COST))), page: Math.floor(room / EDGE_COST) };
}

/** The API's id of an edge (as src/graph/queries/network.ts makes it; the browser tests compare the two). */
export const edgeId = (edge: SlimEdge) => `${edge.kind === 'AFFILIATION' ? 'affiliation' : 'collaboration'}:${edge.source}|${edge.target}`;

/** What each edge stands for (the shared initiatives, their funding, the sources): asked for views small enough. */
export const NETWORK_EDGE_DETAILS = `query ExplorerEdgeDetails(${NETWORK_ARGS}) {
  ${NETWORK_CALL} {
    edges { id via { key name type } sharedFunding { amount currency } sources { key title url } }
  }
}`;
export interface EdgeDetailsAnswer {
  collaborationNetwork: { edges: Required<Pick<ApiEdge, 'id' | 'via' | 'sharedFunding' | 'sources'>>[] };
}

/** Field costs of one node and one edge in the selections above, as the server's cost limit counts them. */
export const NODE_COST = 3;
export const EDGE_COST = 4;
export const EDGE_DETAIL_COST = 1 + (1 + 10 * 3) + (1 + 10 * 2) + (1 + 10 * 3);
/** The cost the page plans requests for: under the server's default maximum (50 000), with room for the rest of an operation. */
export const COST_BUDGET = 49_000;

/** Where the explorer opens when the address names no entity: the first ecosystem by name. */
export const FIRST_ECOSYSTEM = `query ExplorerFirstEcosystem { ecosystems(limit: 1, sort: [{ name: ASC }]) { key name } }`;
export interface FirstEcosystemAnswer {
  ecosystems: { key: string; name: string }[];
}

/** Names and types of entities the address names by key (the centre, filter values). */
export const ENTITY_REFS = `query ExplorerEntityRefs($keys: [ID!]!) {
  entities(where: { key: { in: $keys } }, limit: 50) { __typename key name }
}`;
export interface EntityRefsAnswer {
  entities: { __typename: string; key: string; name: string }[];
}

export const CONNECTIONS = `query ExplorerConnections($from: ID!, $to: ID!) {
  connections(from: $from, to: $to, maxHops: 6, limit: 5) {
    length
    steps { from { key name type } relationship direction to { key name type } sources { key title url publisher } }
  }
}`;
export interface PathStep {
  from: EntityRef;
  relationship: string;
  direction: 'FORWARD' | 'BACKWARD';
  to: EntityRef;
  sources: SourceRef[];
}
export interface ConnectionsAnswer {
  connections: { length: number; steps: PathStep[] }[];
}

export const SOURCES = `query ExplorerSources($keys: [ID!]!) {
  sources(where: { key: { in: $keys } }, limit: 500) { key title url publisher lastUpdated }
}`;
export interface SourcesAnswer {
  sources: SourceRef[];
}

// --- profiles: one query per type, through the generated API ------------------------------------

const ROLE = 'title since sincePrecision until untilPrecision sourceKeys';
const ENGAGEMENT = 'role since sincePrecision until untilPrecision sourceKeys';
const FUNDING = 'amount currency programme call periodStart periodStartPrecision periodEnd periodEndPrecision sourceKeys';
const PROJECT_PERIOD = 'status start startPrecision end endPrecision';
const NAMED = 'key name';
const union = (...types: string[]) => `__typename ${types.map((t) => `... on ${t} { key name }`).join(' ')}`;
const INITIATIVE = `__typename ... on Project { key name ${PROJECT_PERIOD} fundedByConnection(first: 10) { edges { properties { ${FUNDING} } node { key name } } } } ... on Ecosystem { key name }`;
const ACTOR = union('Person', 'Organization', 'Region');
const PLACE = union('Region', 'Country');

/** `fieldConnection { edges { properties { … } node { … } } }`: a relationship with its properties, which hold its sources' keys. */
const related = (field: string, properties: string, node: string, first?: number) =>
  `${field}Connection${first ? `(first: ${first}) { totalCount` : ' {'} edges { properties { ${properties} } node { ${node} } } }`;

const LOCATED_IN = related('locatedIn', 'sourceKeys', PLACE);
const COORDINATES = related('coordinates', ENGAGEMENT, INITIATIVE, 100);
const PARTICIPATES_IN = related('participatesIn', ENGAGEMENT, INITIATIVE, 100);
const MEMBER_OF = related('memberOf', 'role sourceKeys', NAMED);
const FOCUSES_ON = related('focusesOn', 'current sourceKeys', NAMED);
const STRENGTHS = related('strengths', 'recognition sourceKeys', NAMED);

/** Per type: the generated query's name and what a profile shows of it. */
export const PROFILE_FIELDS: Record<string, { query: string; fields: string }> = {
  Organization: {
    query: 'organizations',
    fields: `kind url collaborationDegree ${LOCATED_IN} ${related('partOf', 'sourceKeys', NAMED)} ${related('units', 'sourceKeys', NAMED)}
      ${related('staff', ROLE, NAMED, 100)} ${COORDINATES} ${PARTICIPATES_IN} ${related('funds', FUNDING, `${NAMED} ${PROJECT_PERIOD}`, 100)}
      ${MEMBER_OF} ${related('members', 'role sourceKeys', union('Ecosystem', 'Organization', 'Region'))} ${FOCUSES_ON} ${STRENGTHS}`,
  },
  Region: {
    query: 'regions',
    fields: `kinds isoCode collaborationDegree ${LOCATED_IN} ${related('staff', ROLE, NAMED, 100)} ${COORDINATES} ${PARTICIPATES_IN} ${MEMBER_OF} ${FOCUSES_ON} ${STRENGTHS}`,
  },
  Person: {
    query: 'people',
    fields: `collaborationDegree ${LOCATED_IN} ${related('roles', ROLE, union('Organization', 'Region'), 100)} ${COORDINATES} ${PARTICIPATES_IN}`,
  },
  Project: {
    query: 'projects',
    fields: `acronym referenceNumber ${PROJECT_PERIOD} url purpose results ${LOCATED_IN}
      ${related('coordinators', ENGAGEMENT, ACTOR, 100)} ${related('participants', ENGAGEMENT, ACTOR, 100)} ${related('fundedBy', FUNDING, NAMED, 50)}
      ${related('partOf', 'sourceKeys', NAMED)} ${related('subProjects', 'sourceKeys', NAMED)} ${related('focusesOn', 'current sourceKeys', NAMED)}
      ${related('outcomes', 'sourceKeys', `${NAMED} kind`)}`,
  },
  Ecosystem: {
    query: 'ecosystems',
    fields: `scope url ${LOCATED_IN} ${related('coordinators', ENGAGEMENT, ACTOR, 100)} ${related('participants', ENGAGEMENT, ACTOR, 100)}
      ${related('keyLinks', 'kind label position sourceKeys', '__typename key name', 100)} ${FOCUSES_ON} ${STRENGTHS} ${MEMBER_OF}`,
  },
  FocusArea: {
    query: 'focusAreas',
    fields: `${related('focusedOnBy', 'current sourceKeys', union('Ecosystem', 'Project', 'Organization', 'Region', 'Event'), 100)}
      ${related('strengthOf', 'recognition sourceKeys', union('Ecosystem', 'Project', 'Organization', 'Region', 'Event'), 100)}`,
  },
  Country: { query: 'countries', fields: 'isoCode' },
  Outcome: { query: 'outcomes', fields: `kind ${LOCATED_IN} ${related('projects', 'sourceKeys', NAMED)}` },
  Event: {
    query: 'events',
    fields: `kind start startPrecision end endPrecision url ${LOCATED_IN} ${related('organizers', 'role sourceKeys', union('Ecosystem', 'Organization', 'Region', 'Person'))} ${FOCUSES_ON}`,
  },
};

export const ENTITY_TYPE = `query ExplorerEntityType($key: ID!) { entities(where: { key: { eq: $key } }, limit: 1) { __typename key name } }`;
export interface EntityTypeAnswer {
  entities: { __typename: string; key: string; name: string }[];
}

/** The profile of one entity of `type`, in one request. */
export function profileQuery(type: string): string | null {
  const spec = PROFILE_FIELDS[type];
  if (!spec) return null;
  return `query ExplorerProfile${type}($key: ID!) {
  entity: ${spec.query}(where: { key: { eq: $key } }, limit: 1) {
    __typename key name aliases description note sourceKeys
    statedIn { key title url publisher lastUpdated }
    ${spec.fields}
  }
}`;
}

/** A node at the end of a relationship: an entity reference, with a project's period and funding when it is one. */
export interface RelatedNode {
  __typename: string;
  key: string;
  name: string;
  kind?: string | null;
  status?: string | null;
  start?: string | null;
  startPrecision?: string | null;
  end?: string | null;
  endPrecision?: string | null;
  fundedByConnection?: Relation;
}

export interface RelationEdge {
  properties: Record<string, unknown> & { sourceKeys: string[] };
  node: RelatedNode;
}

export interface Relation {
  /** All there are, when the query asked for the first so many only. */
  totalCount?: number;
  edges: RelationEdge[];
}

export interface Profile extends Record<string, unknown> {
  __typename: string;
  key: string;
  name: string;
  aliases: string[];
  description: string | null;
  note: string | null;
  sourceKeys: string[];
  statedIn: SourceRef[];
}

export interface ProfileAnswer {
  entity: Profile[];
}
