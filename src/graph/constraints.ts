import type { Driver } from 'neo4j-driver';
import { nodeTypes } from './model';

/** The database's constraints and indexes, derived from the model (see schema/model.graphql). */
export function constraintStatements(typeDefs: string): string[] {
  return nodeTypes(typeDefs)
    .filter((type) => type.fields.includes('key'))
    .map((type) => {
      const label = type.labels[0]!;
      return `CREATE CONSTRAINT ${label.toLowerCase()}_key IF NOT EXISTS FOR (n:\`${label}\`) REQUIRE n.key IS UNIQUE`;
    });
}

/** Creates whatever constraints and indexes are missing; running it again changes nothing. */
export async function applyConstraints(driver: Driver, database: string, typeDefs: string): Promise<void> {
  for (const statement of constraintStatements(typeDefs)) {
    await driver.executeQuery(statement, {}, { database });
  }
  await driver.executeQuery('CALL db.awaitIndexes(60)', {}, { database });
}
