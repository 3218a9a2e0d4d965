import { exactTermsQuery, RELATIONSHIP_SOURCES_INDEX } from '../graph/constraints';
import type { GraphModel } from '../graph/model';
import type { SeedPlan } from './plan';
import type { Tx } from './resolve';
import type { ChangeCounts } from './summary';

/**
 * Removes the file's source from the facts it no longer states: relationships first, then
 * entities. A fact left with no source at all is deleted; facts other sources state stay.
 * Both start from the file's source, not from the whole graph, so their cost is that of the file.
 */
export async function retractUnstated(
  tx: Tx,
  plan: SeedPlan,
  model: GraphModel,
): Promise<{ nodes: Partial<ChangeCounts>; relationships: Partial<ChangeCounts> }> {
  const edges = await retractRelationships(tx, plan, model);
  const entities = await retractEntities(tx, plan, model);
  return {
    relationships: { deleted: edges.deleted + entities.edgesDeleted, updated: edges.updated },
    nodes: { deleted: entities.deleted, updated: entities.updated },
  };
}

/** Cypher for the key `keptRelationships` files a relationship under. */
const pairOf = (from: string, to: string) => `${from} ${to}`;

/**
 * The relationships the file states, as a map the query looks each one up in:
 * type → 'from to' → the identity property values of each stated one between the two.
 */
function keptRelationships(plan: SeedPlan): Record<string, Record<string, unknown[][]>> {
  const kept: Record<string, Record<string, unknown[][]>> = {};
  for (const { relationship, rows } of plan.relationships) {
    const byPair = (kept[relationship.type] ??= {});
    for (const row of rows) (byPair[pairOf(row.from, row.to)] ??= []).push(relationship.identity.map((p) => row.identity[p] ?? null));
  }
  return kept;
}

/**
 * A relationship the file states may join two entities it does not itself state, so they are not
 * found by walking from the file's entities; nor can an index serve `$sourceKey IN r.sourceKeys`.
 * The relationships' fulltext index on sourceKeys (see constraints.ts) finds exactly the source's.
 */
async function retractRelationships(tx: Tx, plan: SeedPlan, model: GraphModel): Promise<{ deleted: number; updated: number }> {
  const identity = Object.fromEntries(model.relationships.map((r) => [r.type, r.identity]));
  // The index is eventually consistent: what earlier transactions committed must be in it first.
  await tx.run('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()');
  const result = await tx.run(
    `CALL db.index.fulltext.queryRelationships($index, $query) YIELD relationship AS r
     WITH r, startNode(r).key + ' ' + endNode(r).key AS pair
     WHERE $sourceKey IN r.sourceKeys
       AND NOT [p IN $identity[type(r)] | r[p]] IN coalesce($kept[type(r)][pair], [])
     SET r.sourceKeys = [k IN r.sourceKeys WHERE k <> $sourceKey]
     WITH r, size(r.sourceKeys) = 0 AS orphan
     FOREACH (_ IN CASE WHEN orphan THEN [1] ELSE [] END | DELETE r)
     RETURN sum(CASE WHEN orphan THEN 1 ELSE 0 END) AS deleted, sum(CASE WHEN orphan THEN 0 ELSE 1 END) AS updated`,
    { index: RELATIONSHIP_SOURCES_INDEX, query: exactTermsQuery([plan.sourceKey]), sourceKey: plan.sourceKey, identity, kept: keptRelationships(plan) },
  );
  const record = result.records[0];
  return { deleted: Number(record?.get('deleted') ?? 0), updated: Number(record?.get('updated') ?? 0) };
}

/** The entities the source states (its STATED_IN edges, walked from the Source) that the file no longer states; the kept keys are a map, one lookup each. */
async function retractEntities(tx: Tx, plan: SeedPlan, model: GraphModel): Promise<{ deleted: number; updated: number; edgesDeleted: number }> {
  const keptKeys = Object.fromEntries(plan.entities.flatMap((g) => g.rows.map((r) => [r.key, true])));
  const result = await tx.run(
    `MATCH (:\`${model.source.name}\` {key: $sourceKey})<-[stated:\`${model.statedIn}\`]-(n:\`${model.entityLabel}\`)
     WHERE $keptKeys[n.key] IS NULL AND $sourceKey IN coalesce(n.sourceKeys, [])
     DELETE stated
     WITH DISTINCT n, count(stated) AS unstated
     SET n.sourceKeys = [k IN n.sourceKeys WHERE k <> $sourceKey]
     WITH n, unstated, size(n.sourceKeys) = 0 AS orphan
     WITH n, unstated, orphan, CASE WHEN orphan THEN COUNT { (n)--() } ELSE 0 END AS detached
     FOREACH (_ IN CASE WHEN orphan THEN [1] ELSE [] END | DETACH DELETE n)
     RETURN sum(CASE WHEN orphan THEN 1 ELSE 0 END) AS deleted, sum(CASE WHEN orphan THEN 0 ELSE 1 END) AS updated,
            sum(unstated + detached) AS edgesDeleted`,
    { sourceKey: plan.sourceKey, keptKeys },
  );
  const record = result.records[0];
  return { deleted: Number(record?.get('deleted') ?? 0), updated: Number(record?.get('updated') ?? 0), edgesDeleted: Number(record?.get('edgesDeleted') ?? 0) };
}
