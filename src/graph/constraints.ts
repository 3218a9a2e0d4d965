import type { Driver } from 'neo4j-driver';
import { GENERATION_LABEL } from './generation';
import type { GraphModel } from './model';
import { SEARCH_INDEX } from './queries/search';

/** The index entity resolution finds entities through, by their normalised names (`nameKeys`). */
export const NAME_KEYS_INDEX = 'entity_name_keys';
/** The index name-ordered pages walk (see requiredSchema). */
export const ENTITY_NAME_INDEX = 'entity_name';
/** The index retraction finds a source's relationships through, by their `sourceKeys`. */
export const RELATIONSHIP_SOURCES_INDEX = 'relationship_sources';

/*
 * Both look up one element of a list property, which neither a RANGE nor a TEXT index serves in
 * Neo4j 5.26: a RANGE index on a list indexes the whole list (with one on Entity(nameKeys),
 * PROFILE of `WHERE $k IN n.nameKeys` is still NodeByLabelScan + Filter, 40 070 db hits among
 * 20 000 entities, and a hint to use it is refused), and TEXT indexes take strings only. A
 * FULLTEXT index indexes each element of a string list; with the keyword analyzer each stays
 * whole, so a quoted term finds exactly the elements equal to it, the transaction's own changes
 * included. Its cost is that of the matches: on 20 000 entities and 77 000 relationships, the
 * 5 500 relationships of a 5 000-entity source in 0.4 s and the 29 of a small one in 70 ms, where
 * scanning them for `$sourceKey IN r.sourceKeys` took 614 000 db hits and 11 s.
 */

/** An index the model needs (other than those backing key constraints), as SHOW INDEXES describes it. */
interface WantedIndex {
  name: string;
  type: 'FULLTEXT' | 'RANGE';
  entityType: 'NODE' | 'RELATIONSHIP';
  labelsOrTypes: string[];
  properties: string[];
  /** A fulltext index's analyzer; null for a range index. */
  analyzer: string | null;
  eventuallyConsistent: boolean;
  statement: string;
}

function lookupIndexes(model: GraphModel): WantedIndex[] {
  const exactTerms = (eventuallyConsistent: boolean) =>
    `OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'keyword', \`fulltext.eventually_consistent\`: ${eventuallyConsistent} } }`;
  // The relationship types between entities; not STATED_IN or PUBLISHED_BY, which retraction leaves alone.
  const types = model.relationships.map((r) => r.type).sort();
  return [
    {
      name: NAME_KEYS_INDEX,
      type: 'FULLTEXT',
      entityType: 'NODE',
      labelsOrTypes: [model.entityLabel],
      properties: ['nameKeys'],
      analyzer: 'keyword',
      eventuallyConsistent: false,
      statement: `CREATE FULLTEXT INDEX ${NAME_KEYS_INDEX} IF NOT EXISTS FOR (n:\`${model.entityLabel}\`) ON EACH [n.nameKeys] ${exactTerms(false)}`,
    },
    {
      name: RELATIONSHIP_SOURCES_INDEX,
      type: 'FULLTEXT',
      entityType: 'RELATIONSHIP',
      labelsOrTypes: types,
      properties: ['sourceKeys'],
      analyzer: 'keyword',
      // Updated after commit, by a background thread, rather than inside each committing
      // transaction: every relationship written updates it (bulk writes of a 100 k-record input
      // ran about 10–15% faster side by side), and only retraction reads it — after waiting for
      // it to catch up.
      eventuallyConsistent: true,
      statement: `CREATE FULLTEXT INDEX ${RELATIONSHIP_SOURCES_INDEX} IF NOT EXISTS FOR ()-[r:${types.map((t) => `\`${t}\``).join('|')}]-() ON EACH [r.sourceKeys] ${exactTerms(true)}`,
    },
  ];
}

/** A query of a keyword-analysed fulltext index for elements equal to any of `terms`. */
export function exactTermsQuery(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replace(/["\\]/g, '\\$&')}"`).join(' OR ');
}

/** A uniqueness constraint on `key`. */
interface KeyConstraint {
  name: string;
  label: string;
  statement: string;
}

/** What the model needs of the database: a unique key per keyed label, and the fulltext indexes. */
function requiredSchema(model: GraphModel): { constraints: KeyConstraint[]; indexes: WantedIndex[] } {
  // Every label of a keyed type gets one: per type for lookups, and on a shared label such as
  // `Entity` so that one key names one node whatever its type.
  const labels = new Set(model.nodeTypes.filter((type) => type.fields.includes('key')).flatMap((type) => type.labels));
  // The generation counter's one node, which concurrent writers MERGE (src/graph/generation.ts).
  labels.add(GENERATION_LABEL);
  const constraints = [...labels].map((label) => ({
    name: `${label.toLowerCase()}_key`,
    label,
    statement: `CREATE CONSTRAINT ${label.toLowerCase()}_key IF NOT EXISTS FOR (n:\`${label}\`) REQUIRE n.key IS UNIQUE`,
  }));
  const search: WantedIndex = {
    // The search query's index: names, aliases (a list) and descriptions of every entity type,
    // folded to ASCII so that "lulea" finds "Luleå".
    name: SEARCH_INDEX,
    type: 'FULLTEXT',
    entityType: 'NODE',
    labelsOrTypes: [model.entityLabel],
    properties: ['name', 'aliases', 'description'],
    analyzer: 'standard-folding',
    eventuallyConsistent: false,
    statement: `CREATE FULLTEXT INDEX ${SEARCH_INDEX} IF NOT EXISTS FOR (n:\`${model.entityLabel}\`) ON EACH [n.name, n.aliases, n.description]
     OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-folding' } }`,
  };
  // Pages in name order (coordinations) walk this index in order and stop at the page's end,
  // rather than sorting every match: their cost follows the page, not the graph.
  const names: WantedIndex = {
    name: ENTITY_NAME_INDEX,
    type: 'RANGE',
    entityType: 'NODE',
    labelsOrTypes: [model.entityLabel],
    properties: ['name'],
    analyzer: null,
    eventuallyConsistent: false,
    statement: `CREATE RANGE INDEX ${ENTITY_NAME_INDEX} IF NOT EXISTS FOR (n:\`${model.entityLabel}\`) ON (n.name)`,
  };
  return { constraints, indexes: [search, names, ...orderedIndexes(model), ...lookupIndexes(model)] };
}

/** The name of the RANGE index that serves sorted pages of `label` by `field` (@ordered). */
export const orderedIndexName = (label: string, field: string) => `${label.toLowerCase()}_${field}_key`;

/**
 * One RANGE index per @ordered field, on the type's primary label, over the field and then the
 * key: read in order it gives the nodes by the field, and sought at one value of the field, by
 * key, so that a page ending among many equal values (projects starting on the same day) reads
 * no more of them than it shows (src/graph/ordered-pages.ts).
 */
function orderedIndexes(model: GraphModel): WantedIndex[] {
  return model.nodeTypes.flatMap(({ labels: [label], ordered }) =>
    ordered.map((field) => ({
      name: orderedIndexName(label!, field),
      type: 'RANGE' as const,
      entityType: 'NODE' as const,
      labelsOrTypes: [label!],
      properties: [field, 'key'],
      analyzer: null,
      eventuallyConsistent: false,
      statement: `CREATE RANGE INDEX ${orderedIndexName(label!, field)} IF NOT EXISTS FOR (n:\`${label}\`) ON (n.\`${field}\`, n.key)`,
    })),
  );
}

/** The database's constraints and indexes, derived from the model (see schema/model.graphql). */
export function constraintStatements(model: GraphModel): string[] {
  const { constraints, indexes } = requiredSchema(model);
  return [...constraints.map((c) => c.statement), ...indexes.map((i) => i.statement)];
}

interface ShownIndex {
  name: string;
  type: string;
  /** The constraint a RANGE index backs: every uniqueness constraint has one. */
  owningConstraint: string | null;
  entityType: string;
  labelsOrTypes: string[] | null;
  properties: string[] | null;
  state: string;
  analyzer: string | null;
  eventuallyConsistent: boolean | null;
}

const sameList = (a: readonly string[] | null, b: readonly string[]) => [...(a ?? [])].sort().join('\u0000') === [...b].sort().join('\u0000');

/** True when the index SHOW INDEXES shows is the one the model needs. */
function matches(shown: ShownIndex, wanted: WantedIndex): boolean {
  return (
    shown.type === wanted.type &&
    shown.owningConstraint === null &&
    shown.entityType === wanted.entityType &&
    sameList(shown.labelsOrTypes, wanted.labelsOrTypes) &&
    // In order: a composite index serves the order of its properties.
    (shown.properties ?? []).join('\u0000') === wanted.properties.join('\u0000') &&
    (wanted.type === 'RANGE' || (shown.analyzer === wanted.analyzer && Boolean(shown.eventuallyConsistent) === wanted.eventuallyConsistent))
  );
}

/** What applyConstraints changed: nothing, on a database that had all it needs. */
export interface SchemaChanges {
  /** Names of the constraints and indexes created. */
  created: string[];
  /** Indexes of the same name but another definition (an older model's), dropped and made anew. */
  replaced: string[];
}

/**
 * Creates whatever constraints and indexes the model needs and the database lacks; running it
 * again changes nothing. What the database has is read with one SHOW INDEXES (each uniqueness
 * constraint is backed by an index that names it as its owningConstraint, so the constraints are
 * there too: one query fewer to plan on a Neo4j that has just started) and compared with the
 * model by definition, not by name; only what is missing is created, and only then are the
 * indexes awaited. An index of one of our names with another definition (an older model's: a
 * relationship type since added, another analyzer) is dropped and made anew, since
 * `IF NOT EXISTS` would keep it.
 */
export async function applyConstraints(driver: Driver, database: string, model: GraphModel): Promise<SchemaChanges> {
  const required = requiredSchema(model);
  const shown = await driver.executeQuery(
    `SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state, owningConstraint, options
     RETURN name, type, entityType, labelsOrTypes, properties, state, owningConstraint,
            options.indexConfig.\`fulltext.analyzer\` AS analyzer, options.indexConfig.\`fulltext.eventually_consistent\` AS eventuallyConsistent`,
    {},
    { database, routing: 'READ' },
  );
  const indexes = shown.records.map((r) => r.toObject() as ShownIndex);

  const unique = (i: ShownIndex, label: string) =>
    i.owningConstraint !== null && i.entityType === 'NODE' && sameList(i.labelsOrTypes, [label]) && sameList(i.properties, ['key']);
  const missingConstraints = required.constraints.filter((wanted) => !indexes.some((i) => unique(i, wanted.label)));
  const outdated = required.indexes.filter((wanted) => indexes.some((i) => i.name === wanted.name && !matches(i, wanted)));
  const missingIndexes = required.indexes.filter((wanted) => !indexes.some((i) => matches(i, wanted)));
  const populating = required.indexes.some((wanted) => indexes.some((i) => matches(i, wanted) && i.state !== 'ONLINE'));

  for (const index of outdated) await driver.executeQuery(`DROP INDEX ${index.name}`, {}, { database });
  const missing = [...missingConstraints, ...missingIndexes];
  if (missing.length > 0) {
    // One transaction for all: one commit instead of one per item, and all or none are made.
    const session = driver.session({ database });
    try {
      await session.executeWrite(async (tx) => {
        for (const item of missing) await tx.run(item.statement);
      });
    } finally {
      await session.close();
    }
  }
  if (missing.length > 0 || populating) await driver.executeQuery('CALL db.awaitIndexes(60)', {}, { database });
  return { created: missing.map((item) => item.name), replaced: outdated.map((index) => index.name) };
}
