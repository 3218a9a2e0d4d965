import neo4j, { type QueryResult, type Record as Neo4jRecord } from 'neo4j-driver';
import type { GraphModel } from '../graph/model';
import { promisedListNames, promisedLists, promisedListsOfRow } from '../graph/promised-lists';
import { nameKeysOf } from './normalize';
import type { RelationshipRow, SeedPlan } from './plan';
import type { Tx } from './resolve';
import { addCounts, type ChangeCounts, noChanges } from './summary';

/**
 * What other sources state wins: a file overwrites the properties of an element only it states;
 * on an element other sources also state, it only fills in properties the element lacks. So
 * two files that disagree on, say, a note do not overwrite each other on every import.
 */
const soleSource = (element: string) => `all(k IN coalesce(${element}.sourceKeys, []) WHERE k = $sourceKey)`;
const propertiesToSet = (element: string, properties: string) =>
  `CASE WHEN ${soleSource(element)} THEN ${properties} ELSE apoc.map.removeKeys(${properties}, keys(${element})) END`;
/** Cypher for "writing this property map would change the element". */
const differs = (element: string, properties: string) =>
  `any(k IN keys(${properties}) WHERE NOT coalesce(${element}[k] = ${properties}[k], false) AND (${soleSource(element)} OR ${element}[k] IS NULL))`;
/** Cypher for the element's sourceKeys with the file's source added once. */
const withSource = (element: string) =>
  `CASE WHEN $sourceKey IN coalesce(${element}.sourceKeys, []) THEN ${element}.sourceKeys ELSE coalesce(${element}.sourceKeys, []) + $sourceKey END`;

/** Cypher for the list `existing` plus the items of `added` it lacks, in order (the bulk writer's too). */
export const listUnion = (existing: string, added: string) =>
  `reduce(acc = coalesce(${existing}, []), x IN ${added} | CASE WHEN x IN acc THEN acc ELSE acc + x END)`;

const COUNTS = `RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, sum(CASE WHEN updated THEN 1 ELSE 0 END) AS updated, count(*) AS total`;

/** Runs a query ending in COUNTS; the record is there for any further columns. */
async function countedRecord(tx: Tx, query: string, parameters: Record<string, unknown>): Promise<{ counts: ChangeCounts; record?: Neo4jRecord }> {
  const result = await tx.run(query, parameters);
  const record = result.records[0];
  if (!record) return { counts: noChanges() };
  const [created, updated, total] = ['created', 'updated', 'total'].map((k) => Number(record.get(k) ?? 0)) as [number, number, number];
  return { counts: { created, updated, unchanged: total - created - updated, deleted: 0 }, record };
}

async function counted(tx: Tx, query: string, parameters: Record<string, unknown>): Promise<ChangeCounts> {
  return (await countedRecord(tx, query, parameters)).counts;
}

/** The file's Source node, replaced whole: one file owns it. */
async function writeSource(tx: Tx, plan: SeedPlan, model: GraphModel, nodes: ChangeCounts) {
  const label = model.source.name;
  addCounts(
    nodes,
    await counted(
      tx,
      `OPTIONAL MATCH (old:\`${label}\` {key: $sourceKey})
       WITH old IS NULL AS created, old IS NOT NULL AND properties(old) <> $properties AS updated
       MERGE (s:\`${label}\` {key: $sourceKey}) SET s = $properties
       ${promisedLists('s', model.source.fields)}
       ${COUNTS}`,
      { sourceKey: plan.sourceKey, properties: { ...plan.sourceProperties, key: plan.sourceKey } },
    ),
  );
}

/** The Source's PUBLISHED_BY link, once the publisher entity exists. */
async function writePublisher(tx: Tx, plan: SeedPlan, model: GraphModel, relationships: ChangeCounts) {
  const label = model.source.name;
  const publishedBy = model.source.publishedBy;
  if (!publishedBy) return;
  const stale = await tx.run(
    `MATCH (:\`${label}\` {key: $sourceKey})-[r:\`${publishedBy.type}\`]->(p) WHERE p.key <> $publisherKey OR $publisherKey IS NULL
     DELETE r RETURN count(*) AS deleted`,
    { sourceKey: plan.sourceKey, publisherKey: plan.publisherKey ?? null },
  );
  addCounts(relationships, { deleted: Number(stale.records[0]?.get('deleted') ?? 0) });
  if (!plan.publisherKey) return;
  addCounts(
    relationships,
    await counted(
      tx,
      `MATCH (s:\`${label}\` {key: $sourceKey}), (p:\`${model.entityLabel}\` {key: $publisherKey})
       OPTIONAL MATCH (s)-[old:\`${publishedBy.type}\`]->(p)
       WITH s, p, old IS NULL AS created, false AS updated
       MERGE (s)-[r:\`${publishedBy.type}\`]->(p) SET r.sourceKeys = [$sourceKey]
       ${COUNTS}`,
      { sourceKey: plan.sourceKey, publisherKey: plan.publisherKey },
    ),
  );
}

/**
 * Entities: MERGE by key, labels from the model, aliases and sourceKeys unioned; each linked to the Source.
 * `nameKeys` (see nameKeysOf) gains the row's: names only ever become aliases, so a union is
 * right, except when the file, as the sole source, renames the entity and its old name goes, or
 * when the entity has none yet — those are recomputed from what was stored.
 * All types in one statement, labels given per row (`SET n:$(row.labels)`): one query text for
 * every file and type, which Neo4j plans once (on a Neo4j that has just started, planning each
 * distinct statement costs far more than running it on a seed file's rows).
 */
async function writeEntities(tx: Tx, plan: SeedPlan, model: GraphModel, nodes: ChangeCounts, relationships: ChangeCounts) {
  const entity = model.entityLabel;
  const rows = plan.entities.flatMap(({ type, rows }) =>
    rows.map((row) => ({ ...row, labels: type.labels, promised: promisedListNames(type.fields), nameKeys: nameKeysOf(row.name, row.aliases) })),
  );
  if (rows.length > 0) {
    const { counts, record } = await countedRecord(
      tx,
      `UNWIND $rows AS row
       OPTIONAL MATCH (old:\`${entity}\` {key: row.key})
       WITH row, old, coalesce(row.mergedName, false) OR (old IS NOT NULL AND NOT ${soleSource('old')}) AS keepName
       // A name that does not replace the existing one is kept as an alias.
       WITH row, old, keepName, CASE WHEN keepName THEN row.aliases + row.name ELSE row.aliases END AS aliases
       WITH row, keepName, aliases, old IS NULL AS created,
            old IS NOT NULL AND (${differs('old', 'row.properties')}
              OR (NOT keepName AND NOT coalesce(old.name = row.name, false))
              OR any(a IN aliases WHERE NOT a IN coalesce(old.aliases, []) AND a <> old.name)
              OR NOT $sourceKey IN coalesce(old.sourceKeys, [])) AS updated,
            old IS NOT NULL AND (old.nameKeys IS NULL OR (NOT keepName AND NOT coalesce(old.name = row.name, false))) AS recompute
       MERGE (n:\`${entity}\` {key: row.key})
       SET n:$(row.labels), n += ${propertiesToSet('n', 'row.properties')}
       SET n.name = CASE WHEN keepName THEN coalesce(n.name, row.name) ELSE row.name END
       SET n.aliases = reduce(acc = coalesce(n.aliases, []), a IN aliases | CASE WHEN a IN acc OR a = n.name THEN acc ELSE acc + a END),
           n.sourceKeys = ${withSource('n')},
           n.nameKeys = ${listUnion('n.nameKeys', 'row.nameKeys')}
       ${promisedListsOfRow('n', 'row.promised')}
       ${COUNTS}, collect(CASE WHEN recompute THEN n.key END) AS recompute`,
      { rows, sourceKey: plan.sourceKey },
    );
    addCounts(nodes, counts);
    await recomputeNameKeys(tx, entity, (record?.get('recompute') as string[] | undefined) ?? []);
  }
  addCounts(
    relationships,
    await counted(
      tx,
      `MATCH (s:\`${model.source.name}\` {key: $sourceKey})
       UNWIND $keys AS key
       MATCH (n:\`${entity}\` {key: key})
       OPTIONAL MATCH (n)-[old:\`${model.statedIn}\`]->(s)
       WITH n, s, old IS NULL AS created, false AS updated
       MERGE (n)-[r:\`${model.statedIn}\`]->(s) SET r.sourceKeys = [$sourceKey]
       ${COUNTS}`,
      { sourceKey: plan.sourceKey, keys: [...new Set(rows.map((r) => r.key))] },
    ),
  );
}

interface StoredNames {
  id: string;
  name: string | null;
  aliases: string[] | null;
}

const STORED_NAMES = 'RETURN elementId(n) AS id, n.name AS name, n.aliases AS aliases';

/**
 * Sets `nameKeys` afresh from the names read with STORED_NAMES (normalisation is JS, so they make
 * a round trip); by element id, so that even a node without a key gets them.
 */
async function setNameKeys(tx: Tx, read: QueryResult): Promise<number> {
  const rows = read.records.map((r) => r.toObject() as StoredNames).map((e) => ({ id: e.id, nameKeys: nameKeysOf(e.name, e.aliases) }));
  if (rows.length > 0) await tx.run('UNWIND $rows AS row MATCH (n) WHERE elementId(n) = row.id SET n.nameKeys = row.nameKeys', { rows });
  return rows.length;
}

async function recomputeNameKeys(tx: Tx, entityLabel: string, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await setNameKeys(tx, await tx.run(`MATCH (n:\`${entityLabel}\`) WHERE n.key IN $keys ${STORED_NAMES}`, { keys }));
}

/**
 * Gives up to `batchSize` entities written before `nameKeys` existed (or by another writer) theirs;
 * returns how many it gave, 0 once there are none. Run until 0 before resolving: entities without
 * them cannot be found by name. Once all have them, this is one pass over the entities' labels.
 */
export async function backfillNameKeys(tx: Tx, model: GraphModel, batchSize = 5000): Promise<number> {
  const read = await tx.run(`MATCH (n:\`${model.entityLabel}\`) WHERE n.nameKeys IS NULL ${STORED_NAMES} LIMIT $limit`, { limit: neo4j.int(batchSize) });
  return setNameKeys(tx, read);
}

/**
 * Relationships: MERGE by (type, from, to, identity properties); sourceKeys unioned. The type is
 * given per row (`$(row.type)`), so relationships of every type with the same identity properties
 * share one statement: a few query texts in all, planned once (see writeEntities).
 */
async function writeRelationships(tx: Tx, plan: SeedPlan, model: GraphModel, relationships: ChangeCounts) {
  const entity = model.entityLabel;
  const byIdentity = new Map<string, { identity: string[]; rows: (RelationshipRow & { type: string })[] }>();
  for (const { relationship, rows } of plan.relationships) {
    const shape = relationship.identity.join('\u0000');
    const group = byIdentity.get(shape) ?? { identity: relationship.identity, rows: [] };
    group.rows.push(...rows.map((row) => ({ ...row, type: relationship.type })));
    byIdentity.set(shape, group);
  }
  for (const { identity: names, rows } of byIdentity.values()) {
    const identity = names.length ? ` {${names.map((p) => `\`${p}\`: row.identity.\`${p}\``).join(', ')}}` : '';
    const type = `$(row.type)${identity}`;
    addCounts(
      relationships,
      await counted(
        tx,
        `UNWIND $rows AS row
         MATCH (a:\`${entity}\` {key: row.from}), (b:\`${entity}\` {key: row.to})
         OPTIONAL MATCH (a)-[old:${type}]->(b)
         WITH a, b, row, old IS NULL AS created,
              old IS NOT NULL AND (${differs('old', 'row.properties')} OR NOT $sourceKey IN coalesce(old.sourceKeys, [])) AS updated
         MERGE (a)-[r:${type}]->(b)
         SET r += ${propertiesToSet('r', 'row.properties')}
         SET r.sourceKeys = ${withSource('r')}
         ${COUNTS}`,
        { rows, sourceKey: plan.sourceKey },
      ),
    );
  }
}

/** Writes what the plan states; retraction of what it no longer states is separate (retract.ts). */
export async function writePlan(tx: Tx, plan: SeedPlan, model: GraphModel): Promise<{ nodes: ChangeCounts; relationships: ChangeCounts }> {
  const nodes = noChanges();
  const relationships = noChanges();
  await writeSource(tx, plan, model, nodes);
  await writeEntities(tx, plan, model, nodes, relationships);
  await writePublisher(tx, plan, model, relationships);
  await writeRelationships(tx, plan, model, relationships);
  return { nodes, relationships };
}
