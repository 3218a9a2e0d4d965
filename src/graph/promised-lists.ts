import type { Driver } from 'neo4j-driver';
import { bumpGenerationAlone } from './generation';
import type { GraphModel, ModelField } from './model';

const property = (node: string, name: string) => `${node}.\`${name.replaceAll('`', '``')}\``;

/**
 * Cypher that gives a node an empty list for every non-null list of its type (`externalLinks:
 * [String!]!`) it has none of: the model promises a list, and a write that states none must still
 * store one, or reading the field fails. Every write path adds it; '' when the type has no such field.
 */
export function promisedLists(node: string, fields: ModelField[]): string {
  const names = promisedListNames(fields);
  return names.length ? `SET ${names.map((name) => `${property(node, name)} = coalesce(${property(node, name)}, [])`).join(', ')}` : '';
}

export const promisedListNames = (fields: ModelField[]): string[] => fields.filter((f) => f.nonNullList).map((f) => f.name);

/** promisedLists for writes whose rows are of several types: each row names its type's lists (promisedListNames) in `names`. */
export function promisedListsOfRow(node: string, names: string): string {
  return `SET ${node} += apoc.map.fromPairs([name IN ${names} WHERE ${node}[name] IS NULL | [name, []]])`;
}

/**
 * Gives the nodes already stored the lists the model promises (nodes written before every write
 * path did, or by hand); returns how many it changed. Run when the service prepares the database:
 * once all have them, it is one read query, changing nothing.
 */
export async function backfillPromisedLists(driver: Driver, database: string, model: Pick<GraphModel, 'entityTypes' | 'source'>): Promise<number> {
  const types = [...model.entityTypes, model.source].flatMap((type) => {
    const lists = type.fields.filter((f) => f.nonNullList);
    return lists.length ? [{ type, lists, label: ('labels' in type ? type.labels[0]! : type.name).replaceAll('`', '``') }] : [];
  });
  if (types.length === 0) return 0;
  // One read first: usually every node has its lists, and a Neo4j just started plans one query, not one per type.
  const missing = types.map(
    ({ label, lists }) => `EXISTS { MATCH (n:\`${label}\`) WHERE ${lists.map((f) => `${property('n', f.name)} IS NULL`).join(' OR ')} }`,
  );
  const { records } = await driver.executeQuery(`RETURN ${missing.join(' OR ')} AS missing`, {}, { database, routing: 'READ' });
  if (records[0]?.get('missing') !== true) return 0;
  let changed = 0;
  for (const { type, lists, label } of types) {
    const session = driver.session({ database });
    try {
      // In transactions of their own, so that a large graph is not changed in one.
      const result = await session.run(
        `MATCH (n:\`${label}\`) WHERE ${lists.map((f) => `${property('n', f.name)} IS NULL`).join(' OR ')}
         CALL (n) { ${promisedLists('n', type.fields)} } IN TRANSACTIONS OF 10000 ROWS`,
      );
      changed += result.summary.counters.updates().propertiesSet;
    } finally {
      await session.close();
    }
  }
  // Answers that said null now say []: after the batches, since they commit on their own.
  if (changed > 0) await bumpGenerationAlone(driver, database);
  return changed;
}
