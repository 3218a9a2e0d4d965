import type { Driver } from 'neo4j-driver';
import type { GraphModel } from './model';
import { SEARCH_INDEX } from './queries/search';

/** The index entity resolution finds entities through, by their normalised names (`nameKeys`). */
export const NAME_KEYS_INDEX = 'entity_name_keys';
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
interface LookupIndex {
  name: string;
  /** Sorted. */
  labelsOrTypes: string[];
  /**
   * Updated after commit, by a background thread, rather than inside each committing transaction:
   * for the relationships' index, which every relationship written updates (bulk writes of a
   * 100 k-record input ran about 10–15% faster side by side), and which only retraction reads —
   * after waiting for it to catch up.
   */
  eventuallyConsistent: boolean;
  statement: string;
}

function lookupIndexes(model: GraphModel): LookupIndex[] {
  const exactTerms = (eventuallyConsistent: boolean) =>
    `OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'keyword', \`fulltext.eventually_consistent\`: ${eventuallyConsistent} } }`;
  // The relationship types between entities; not STATED_IN or PUBLISHED_BY, which retraction leaves alone.
  const types = model.relationships.map((r) => r.type).sort();
  return [
    {
      name: NAME_KEYS_INDEX,
      labelsOrTypes: [model.entityLabel],
      eventuallyConsistent: false,
      statement: `CREATE FULLTEXT INDEX ${NAME_KEYS_INDEX} IF NOT EXISTS FOR (n:\`${model.entityLabel}\`) ON EACH [n.nameKeys] ${exactTerms(false)}`,
    },
    {
      name: RELATIONSHIP_SOURCES_INDEX,
      labelsOrTypes: types,
      eventuallyConsistent: true,
      statement: `CREATE FULLTEXT INDEX ${RELATIONSHIP_SOURCES_INDEX} IF NOT EXISTS FOR ()-[r:${types.map((t) => `\`${t}\``).join('|')}]-() ON EACH [r.sourceKeys] ${exactTerms(true)}`,
    },
  ];
}

/** A query of a keyword-analysed fulltext index for elements equal to any of `terms`. */
export function exactTermsQuery(terms: readonly string[]): string {
  return terms.map((term) => `"${term.replace(/["\\]/g, '\\$&')}"`).join(' OR ');
}

/** The database's constraints and indexes, derived from the model (see schema/model.graphql). */
export function constraintStatements(model: GraphModel): string[] {
  // Every label of a keyed type gets one: per type for lookups, and on a shared label such as
  // `Entity` so that one key names one node whatever its type.
  const labels = new Set(model.nodeTypes.filter((type) => type.fields.includes('key')).flatMap((type) => type.labels));
  return [
    ...[...labels].map((label) => `CREATE CONSTRAINT ${label.toLowerCase()}_key IF NOT EXISTS FOR (n:\`${label}\`) REQUIRE n.key IS UNIQUE`),
    // The search query's index: names, aliases (a list) and descriptions of every entity type,
    // folded to ASCII so that "lulea" finds "Luleå".
    `CREATE FULLTEXT INDEX ${SEARCH_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases, n.description]
     OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-folding' } }`,
    ...lookupIndexes(model).map((index) => index.statement),
  ];
}

/**
 * `IF NOT EXISTS` keeps an index of the same name made otherwise: of an older model (a relationship
 * type since added, another consistency) or not a fulltext one. Such a lookup index is dropped, to be made anew.
 */
async function dropOutdatedLookupIndexes(driver: Driver, database: string, model: GraphModel): Promise<void> {
  for (const index of lookupIndexes(model)) {
    const { records } = await driver.executeQuery(
      `SHOW INDEXES YIELD name, type, labelsOrTypes, options WHERE name = $name
       RETURN type, labelsOrTypes, options.indexConfig.\`fulltext.analyzer\` AS analyzer,
              options.indexConfig.\`fulltext.eventually_consistent\` AS eventuallyConsistent`,
      { name: index.name },
      { database },
    );
    const found = records[0]?.toObject() as
      { type: string; labelsOrTypes: string[] | null; analyzer: string | null; eventuallyConsistent: boolean | null } | undefined;
    const current =
      found?.type === 'FULLTEXT' &&
      found.analyzer === 'keyword' &&
      Boolean(found.eventuallyConsistent) === index.eventuallyConsistent &&
      [...(found.labelsOrTypes ?? [])].sort().join() === index.labelsOrTypes.join();
    if (found && !current) await driver.executeQuery(`DROP INDEX ${index.name}`, {}, { database });
  }
}

/** Creates whatever constraints and indexes are missing; running it again changes nothing. */
export async function applyConstraints(driver: Driver, database: string, model: GraphModel): Promise<void> {
  await dropOutdatedLookupIndexes(driver, database, model);
  for (const statement of constraintStatements(model)) {
    await driver.executeQuery(statement, {}, { database });
  }
  await driver.executeQuery('CALL db.awaitIndexes(60)', {}, { database });
}
