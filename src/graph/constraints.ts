import type { Driver } from 'neo4j-driver';
import { nodeTypes } from './model';
import { SEARCH_INDEX } from './queries/search';

/** The database's constraints and indexes, derived from the model (see schema/model.graphql). */
export function constraintStatements(typeDefs: string): string[] {
  // Every label of a keyed type gets one: per type for lookups, and on a shared label such as
  // `Entity` so that one key names one node whatever its type.
  const labels = new Set(
    nodeTypes(typeDefs)
      .filter((type) => type.fields.includes('key'))
      .flatMap((type) => type.labels),
  );
  return [
    ...[...labels].map(
      (label) => `CREATE CONSTRAINT ${label.toLowerCase()}_key IF NOT EXISTS FOR (n:\`${label}\`) REQUIRE n.key IS UNIQUE`,
    ),
    // The search query's index: names, aliases (a list) and descriptions of every entity type,
    // folded to ASCII so that "lulea" finds "Luleå".
    `CREATE FULLTEXT INDEX ${SEARCH_INDEX} IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases, n.description]
     OPTIONS { indexConfig: { \`fulltext.analyzer\`: 'standard-folding' } }`,
  ];
}

/** Creates whatever constraints and indexes are missing; running it again changes nothing. */
export async function applyConstraints(driver: Driver, database: string, typeDefs: string): Promise<void> {
  for (const statement of constraintStatements(typeDefs)) {
    await driver.executeQuery(statement, {}, { database });
  }
  await driver.executeQuery('CALL db.awaitIndexes(60)', {}, { database });
}
