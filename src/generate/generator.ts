import { errors } from '../errors';
import { normalizeName } from '../importer/normalize';
import { Random, Zipf } from './random';

/**
 * A deterministic, synthetic innovation ecosystem in the seed format (docs/seed-format.md), for
 * benchmarks and load tests. Same options ⇒ the same entities, relationships and files, byte for
 * byte. Names are fictional (invented places, numbered where needed) and unique per type after the
 * importer's name normalisation, so entity resolution never merges two entities of one generated
 * set, nor a generated entity into a real one. Two sets (other seeds or namespaces) draw from the
 * same name pools: imported as seed files into one database, some of their entities merge. Keys
 * are `<type prefix>:<namespace>-<number>` (`org:gen-000042`): delete a generated graph with
 * `WHERE n.key CONTAINS ':gen-'`.
 */
export interface GenerateOptions {
  /** Approximate number of nodes (entities and sources). */
  scale: number;
  seed: number;
  /** Slug prefix of every key (default `gen`). */
  namespace?: string;
  /** Entities per seed file (one Source each; default 5 000). */
  entitiesPerFile?: number;
}

export type Fields = Record<string, unknown>;

export interface GeneratedEntity extends Fields {
  key: string;
  type: string;
  name: string;
}

export interface GeneratedRelationship extends Fields {
  type: string;
  from: string;
  to: string;
}

export interface GeneratedSource extends Fields {
  key: string;
  kind: string;
  title: string;
}

export interface GeneratedFile {
  /** File name, e.g. `gen-0001.json`; files import in name order. */
  name: string;
  seed: { formatVersion: 1; source: GeneratedSource; entities: GeneratedEntity[]; relationships: GeneratedRelationship[] };
}

export interface GeneratedGraph {
  options: Required<GenerateOptions>;
  files: GeneratedFile[];
  counts: { entities: number; relationships: number; sources: number; byType: Record<string, number>; byRelationship: Record<string, number> };
}

/** The fixed "today" of the generated world: statuses and dates relate to it, not to the clock. */
const REFERENCE_YEAR = 2025;
const REFERENCE_MONTH = 6;

const SYLLABLES = [
  'ar',
  'be',
  'da',
  'el',
  'fa',
  'gro',
  'ha',
  'is',
  'ka',
  'lun',
  'ma',
  'nor',
  'os',
  'pe',
  'ri',
  'sa',
  'ta',
  'ul',
  'va',
  'vik',
  'ys',
  'bo',
  'ke',
  'lin',
  'mo',
  'ne',
  'sk',
  'tor',
  'und',
  'ven',
];
const REGION_KINDS: Record<string, number> = { both: 5, ADMINISTRATIVE: 3, HEALTHCARE: 1, GEOGRAPHIC: 1 };
const ORG_KINDS = {
  COMPANY: 55,
  UNIVERSITY: 3,
  INNOVATION_OFFICE: 3,
  REGIONAL_AUTHORITY: 2,
  NETWORK: 3,
  CLUSTER: 3,
  HOSPITAL: 6,
  MUNICIPALITY: 10,
  OTHER: 15,
} as const;
const ORG_SUFFIX: Record<string, string[]> = {
  COMPANY: ['Biotech AB', 'Medtech AB', 'Diagnostics AB', 'Health Solutions AB', 'Pharma AB', 'Life Science Oy', 'Digital Care AS', 'Analytics GmbH'],
  UNIVERSITY: ['University', 'University of Technology', 'Medical University'],
  INNOVATION_OFFICE: ['Innovation Office', 'Holding Innovation Unit'],
  REGIONAL_AUTHORITY: ['County Administrative Board', 'Regional Development Office'],
  NETWORK: ['Health Network', 'Life Science Network'],
  CLUSTER: ['Health Cluster', 'Medtech Cluster', 'Biotech Cluster'],
  HOSPITAL: ['University Hospital', 'County Hospital', 'Rehabilitation Clinic'],
  MUNICIPALITY: ['Municipality'],
  OTHER: ['Foundation', 'Science Park', 'Test Bed', 'Institute'],
  FUNDING_AGENCY: ['Innovation Agency', 'Research Council', 'Health Fund'],
};
const FIRST_NAMES = [
  'Anna',
  'Erik',
  'Maria',
  'Lars',
  'Karin',
  'Johan',
  'Eva',
  'Anders',
  'Sara',
  'Nils',
  'Elin',
  'Mats',
  'Ida',
  'Per',
  'Linnea',
  'Jonas',
  'Emma',
  'Olof',
  'Frida',
  'Henrik',
  'Aino',
  'Mikko',
  'Ingrid',
  'Lukas',
  'Sofia',
  'Tomas',
  'Helena',
  'Pekka',
  'Julia',
  'Magnus',
];
const LAST_NAMES = [
  'Lindqvist',
  'Berg',
  'Holm',
  'Nyström',
  'Sandberg',
  'Ek',
  'Wallin',
  'Forsberg',
  'Lund',
  'Sjöberg',
  'Virtanen',
  'Korhonen',
  'Dahl',
  'Strand',
  'Öberg',
  'Hedlund',
  'Bergman',
  'Nordin',
  'Engström',
  'Falk',
  'Åkesson',
  'Lindgren',
  'Hansen',
  'Mäkinen',
  'Björk',
];
const ROLE_TITLES = [
  'Project manager',
  'Researcher',
  'Professor',
  'Innovation advisor',
  'CEO',
  'Business developer',
  'Head of unit',
  'Physician',
  'Research nurse',
  'Project support officer',
  'Data scientist',
  'Senior lecturer',
];
const THEMES = [
  'Digital health',
  'Medical imaging',
  'Precision oncology',
  'Elderly care',
  'Diabetes',
  'Rural health care',
  'Mental health',
  'Antimicrobial resistance',
  'Rehabilitation',
  'Cardiology',
  'Clinical trials',
  'Health data',
  'Biomaterials',
  'Neurodegeneration',
  'Telemedicine',
  'Vaccines',
  'Nutrition',
  'Wearables',
  'Cell therapy',
  'Home care',
  'Maternal health',
  'Pain management',
  'Robotic surgery',
  'Point-of-care testing',
];
const FOCUS_QUALIFIERS = ['', 'for children', 'in primary care', 'at home', 'in sparsely populated areas', 'with AI', 'and prevention', 'in hospital care'];
const PROJECT_WORDS = [
  'Scaling',
  'Testing',
  'Co-creating',
  'Validating',
  'Implementing',
  'Piloting',
  'Evaluating',
  'Developing',
  'Accelerating',
  'Integrating',
];
const PROJECT_OBJECTS = [
  'a platform for',
  'new care pathways in',
  'sensor-based monitoring in',
  'decision support for',
  'patient-reported outcomes in',
  'procurement of innovation in',
  'open data for',
  'a test bed for',
];

/** Counts per kind of node for a scale; the remainder goes to projects. */
export function plannedCounts(scale: number, entitiesPerFile: number) {
  const countries = clamp(Math.round(scale * 0.0003), 2, 40);
  const regions = Math.max(countries * 2, Math.round(scale * 0.005));
  const focusAreas = clamp(Math.round(scale * 0.001), 5, FOCUS_QUALIFIERS.length * THEMES.length);
  const ecosystems = Math.max(2, Math.round(scale * 0.004));
  const funders = Math.max(3, Math.round(scale * 0.0008));
  const organizations = Math.max(funders + 10, Math.round(scale * 0.2));
  const people = Math.max(10, Math.round(scale * 0.38));
  const fixed = countries + regions + focusAreas + ecosystems + organizations + people;
  const sources = Math.max(1, Math.ceil(scale / (entitiesPerFile + 1)));
  const projects = Math.max(10, scale - fixed - sources);
  return { countries, regions, focusAreas, ecosystems, funders, organizations, people, projects };
}

function clamp(n: number, min: number, max: number) {
  return Math.min(max, Math.max(min, n));
}

const pad = (n: number, width = 6) => String(n).padStart(width, '0');
const month = (year: number, m: number) => `${year}-${String(m).padStart(2, '0')}`;
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function generateGraph(input: GenerateOptions): GeneratedGraph {
  const options: Required<GenerateOptions> = { namespace: 'gen', entitiesPerFile: 5000, ...input };
  if (!Number.isInteger(options.scale) || options.scale < 100) throw errors.usage(`scale must be an integer ≥ 100, not ${options.scale}`);
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(options.namespace)) throw errors.usage(`namespace must be a slug (a-z, 0-9, -), not "${options.namespace}"`);
  const ns = options.namespace;
  const random = new Random(options.seed);
  const planned = plannedCounts(options.scale, options.entitiesPerFile);

  const entities: GeneratedEntity[] = [];
  const relationships: GeneratedRelationship[] = [];
  const relationshipIds = new Set<string>();
  const namesByType = new Map<string, Set<string>>();
  let serial = 0;

  /**
   * Names and aliases unique for their type after normalisation (entity resolution matches
   * either): a taken name is numbered, a taken alias dropped.
   */
  const uniqueNames = (type: string, name: string, aliases: string[] | undefined): { name: string; aliases?: string[] } => {
    const taken = namesByType.get(type) ?? namesByType.set(type, new Set()).get(type)!;
    let candidate = name;
    for (let n = 2; taken.has(normalizeName(candidate)); n++) candidate = `${name} ${n}`;
    taken.add(normalizeName(candidate));
    const free: string[] = [];
    for (const alias of aliases ?? []) {
      if (taken.has(normalizeName(alias))) continue;
      taken.add(normalizeName(alias));
      free.push(alias);
    }
    return free.length > 0 ? { name: candidate, aliases: free } : { name: candidate };
  };
  const entity = (prefix: string, type: string, name: string, { aliases, ...fields }: Fields = {}): GeneratedEntity => {
    const e: GeneratedEntity = { key: `${prefix}:${ns}-${pad(++serial)}`, type, ...uniqueNames(type, name, aliases as string[] | undefined), ...fields };
    entities.push(e);
    return e;
  };
  const relate = (type: string, from: string, to: string, fields: Fields = {}) => {
    const id = `${type}|${from}|${to}`;
    if (from === to || relationshipIds.has(id)) return;
    relationshipIds.add(id);
    relationships.push({ type, from, to, ...fields });
  };
  const placeName = () => {
    const parts = random.int(2, 3);
    let s = '';
    for (let i = 0; i < parts; i++) s += random.pick(SYLLABLES);
    return capitalise(s);
  };

  // Countries, with ISO 3166 user-assigned codes (XA–XZ, then QM–QZ): never a real country.
  const isoCodes = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c) => `X${c}`).concat([...'MNOPQRSTUVWXYZ'].map((c) => `Q${c}`));
  const countries = Array.from({ length: planned.countries }, (_, i) =>
    entity('country', 'Country', `${placeName()}land`, { isoCode: isoCodes[i % isoCodes.length] }),
  );

  // Regions, LOCATED_IN a country.
  const regionCountry = new Map<string, GeneratedEntity>();
  const regions = Array.from({ length: planned.regions }, (_, i) => {
    const country = countries[i % countries.length]!;
    const kind = random.weighted(REGION_KINDS);
    const region = entity('region', 'Region', `Region ${placeName()}`, {
      kinds: kind === 'both' ? ['ADMINISTRATIVE', 'HEALTHCARE'] : [kind],
      isoCode: `${String(country.isoCode)}-${String(Math.floor(i / countries.length) + 1).padStart(2, '0')}`,
    });
    regionCountry.set(region.key, country);
    relate('LOCATED_IN', region.key, country.key);
    return region;
  });
  const regionZipf = new Zipf(regions, 1.1, random);

  const focusAreas = Array.from({ length: planned.focusAreas }, (_, i) => {
    const theme = THEMES[i % THEMES.length]!;
    const qualifier = FOCUS_QUALIFIERS[Math.floor(i / THEMES.length) % FOCUS_QUALIFIERS.length]!;
    return entity('focus', 'FocusArea', qualifier ? `${theme} ${qualifier}` : theme);
  });
  const focusZipf = new Zipf(focusAreas, 1.0, random);
  const focusOn = (from: string, count: number, current?: boolean) => {
    for (const f of focusZipf.sampleDistinct(random, count)) relate('FOCUSES_ON', from, f.key, current === undefined ? {} : { current });
  };

  // Organisations: funders first (each grants in one currency), then the rest by kind.
  const funderCurrency = new Map<string, string>();
  const funders = Array.from({ length: planned.funders }, () => {
    const org = entity('org', 'Organization', `${placeName()} ${random.pick(ORG_SUFFIX.FUNDING_AGENCY!)}`, { kind: 'FUNDING_AGENCY' });
    funderCurrency.set(org.key, random.chance(0.55) ? 'SEK' : 'EUR');
    return org;
  });
  const organizations: GeneratedEntity[] = [...funders];
  const universities: GeneratedEntity[] = [];
  const orgRegion = new Map<string, GeneratedEntity>();
  for (const funder of funders) {
    const region = regionZipf.sample(random);
    orgRegion.set(funder.key, region);
    relate('LOCATED_IN', funder.key, region.key);
  }
  for (let i = funders.length; i < planned.organizations; i++) {
    const kind = random.weighted(ORG_KINDS);
    const region = regionZipf.sample(random);
    const name = `${placeName()} ${random.pick(ORG_SUFFIX[kind]!)}`;
    const org = entity(
      'org',
      'Organization',
      name,
      kind === 'COMPANY' && random.chance(0.3) ? { aliases: [name.replace(/ (AB|Oy|AS|GmbH)$/, ' Group')], kind } : { kind },
    );
    organizations.push(org);
    orgRegion.set(org.key, region);
    relate('LOCATED_IN', org.key, region.key);
    if (kind === 'UNIVERSITY') universities.push(org);
    if (kind === 'INNOVATION_OFFICE' && universities.length > 0) relate('PART_OF', org.key, random.pick(universities).key);
    if (random.chance(0.3)) focusOn(org.key, random.int(1, 2));
  }
  const actors = organizations.slice(funders.length);
  const employerZipf = new Zipf(actors, 1.0, random);
  const participantZipf = new Zipf(actors, 0.9, random);
  const funderZipf = new Zipf(funders, 1.2, random);

  // People: one position (some two), at an organisation or (5 %) a region.
  const people = Array.from({ length: planned.people }, () => {
    const person = entity('person', 'Person', `${random.pick(FIRST_NAMES)} ${String.fromCharCode(65 + random.int(0, 25))}. ${random.pick(LAST_NAMES)}`);
    const roles = random.chance(0.1) ? 2 : 1;
    for (let r = 0; r < roles; r++) {
      const employer = random.chance(0.05) ? regionZipf.sample(random) : employerZipf.sample(random);
      const sinceYear = random.int(1995, REFERENCE_YEAR);
      relate('HOLDS_ROLE', person.key, employer.key, { title: random.pick(ROLE_TITLES), since: month(sinceYear, random.int(1, 12)) });
    }
    return person;
  });
  const personZipf = new Zipf(people, 0.8, random);

  const actorFor = (pOrg: number, pPerson: number): GeneratedEntity => {
    const r = random.next();
    if (r < pOrg) return participantZipf.sample(random);
    if (r < pOrg + pPerson) return personZipf.sample(random);
    return regionZipf.sample(random);
  };

  // Projects: a coordinator, power-law participants, funders with amounts, dates to the month.
  for (let i = 0; i < planned.projects; i++) {
    const theme = random.pick(THEMES);
    const startYear = random.int(2008, REFERENCE_YEAR + 1);
    const startMonth = random.int(1, 12);
    const months = random.int(6, 60);
    const endYear = startYear + Math.floor((startMonth - 1 + months) / 12);
    const endMonth = ((startMonth - 1 + months) % 12) + 1;
    const startIndex = startYear * 12 + startMonth;
    const endIndex = endYear * 12 + endMonth;
    const now = REFERENCE_YEAR * 12 + REFERENCE_MONTH;
    let status = startIndex > now ? 'PLANNED' : endIndex < now ? 'COMPLETED' : 'ONGOING';
    if (status === 'COMPLETED' && random.chance(0.05)) status = 'TERMINATED';
    if (random.chance(0.02)) status = 'UNKNOWN';
    const words = `${random.pick(PROJECT_WORDS)} ${random.pick(PROJECT_OBJECTS)} ${theme.toLowerCase()}`;
    const project = entity('project', 'Project', words, {
      acronym: words
        .split(/\s+/)
        .map((w) => w[0]!.toUpperCase())
        .join('')
        .slice(0, 6),
      referenceNumber: `${startYear}-${pad(i + 1, 5)}`,
      status,
      start: month(startYear, startMonth),
      end: month(endYear, endMonth),
    });
    const coordinator = actorFor(0.85, 0.1);
    relate('COORDINATES', coordinator.key, project.key, { role: 'Coordinator' });
    const taken = new Set([coordinator]);
    const participants = random.paretoCount(1.3, 80) - 1 + random.int(0, 2);
    for (let p = 0; p < participants; p++) {
      const participant = actorFor(0.85, 0.05);
      if (taken.has(participant)) continue;
      taken.add(participant);
      relate('PARTICIPATES_IN', participant.key, project.key, { role: participant.type === 'Region' ? 'Participating region' : 'Partner' });
    }
    for (const funder of funderZipf.sampleDistinct(random, random.chance(0.2) ? 2 : 1)) {
      const amount = Math.max(10, Math.round(random.logNormal(Math.log(1_500_000), 1.1) / 1000)) * 1000;
      relate('FUNDED_BY', project.key, funder.key, { amount, currency: funderCurrency.get(funder.key), programme: `${theme} programme` });
    }
    focusOn(project.key, random.int(1, 3));
    const place = coordinator.type === 'Organization' ? orgRegion.get(coordinator.key) : coordinator.type === 'Region' ? coordinator : undefined;
    if (place && random.chance(0.5)) relate('LOCATED_IN', project.key, place.key);
  }

  // Ecosystems: located in a region, 1–3 coordinators, power-law membership.
  const scopes = { REGIONAL: 6, COUNTRY: 2, CROSS_BORDER: 1, THEMATIC: 2 } as const;
  for (let i = 0; i < planned.ecosystems; i++) {
    const region = regionZipf.sample(random);
    const ecosystem = entity('ecosystem', 'Ecosystem', `${region.name.replace(/^Region /, '')} ${random.pick(THEMES)} Ecosystem`, {
      scope: random.weighted(scopes),
    });
    relate('LOCATED_IN', ecosystem.key, region.key);
    const taken = new Set<GeneratedEntity>();
    for (let c = random.int(1, 3); c > 0; c--) {
      const coordinator = actorFor(0.5, 0.45);
      taken.add(coordinator);
      relate('COORDINATES', coordinator.key, ecosystem.key, {
        role: 'Ecosystem Coordinator',
        since: month(random.int(2012, REFERENCE_YEAR), random.int(1, 12)),
      });
    }
    for (const member of participantZipf.sampleDistinct(random, random.paretoCount(1.1, 200) + 2, taken)) {
      relate('PARTICIPATES_IN', member.key, ecosystem.key, { role: 'Member' });
    }
    focusOn(ecosystem.key, random.int(2, 4), true);
  }

  return { options, ...splitIntoFiles(entities, relationships, options) };
}

/**
 * One file per `entitiesPerFile` entities, in creation order. A relationship goes to the file that
 * declares the later of its endpoints, so both exist when that file's transaction writes it.
 */
function splitIntoFiles(entities: GeneratedEntity[], relationships: GeneratedRelationship[], options: Required<GenerateOptions>) {
  const per = options.entitiesPerFile;
  const fileCount = Math.max(1, Math.ceil(entities.length / per));
  const fileOf = new Map<string, number>();
  entities.forEach((e, i) => fileOf.set(e.key, Math.floor(i / per)));
  const files: GeneratedFile[] = Array.from({ length: fileCount }, (_, f) => ({
    name: `${options.namespace}-${pad(f + 1, 4)}.json`,
    seed: {
      formatVersion: 1,
      source: {
        key: `source:${options.namespace}-part-${pad(f + 1, 4)}`,
        kind: 'DATABASE_RECORD',
        title: `Generated ecosystem (scale ${options.scale}, seed ${options.seed}), part ${f + 1} of ${fileCount}`,
        publisher: 'ecograph generator',
        language: 'en',
        retrieved: `${REFERENCE_YEAR}-${String(REFERENCE_MONTH).padStart(2, '0')}-01`,
        editorialStatus: 'NOT_REVIEWED',
        note: 'Synthetic data for benchmarks: every name and fact is invented.',
      },
      entities: entities.slice(f * per, (f + 1) * per),
      relationships: [],
    },
  }));
  for (const r of relationships) files[Math.max(fileOf.get(r.from)!, fileOf.get(r.to)!)]!.seed.relationships.push(r);
  const byType: Record<string, number> = {};
  for (const e of entities) byType[e.type] = (byType[e.type] ?? 0) + 1;
  const byRelationship: Record<string, number> = {};
  for (const r of relationships) byRelationship[r.type] = (byRelationship[r.type] ?? 0) + 1;
  return { files, counts: { entities: entities.length, relationships: relationships.length, sources: files.length, byType, byRelationship } };
}
