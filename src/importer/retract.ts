import type { GraphModel } from '../graph/model';
import type { SeedPlan } from './plan';
import type { Tx } from './resolve';
import type { ChangeCounts } from './summary';

/**
 * Removes the file's source from the facts it no longer states: relationships first, then
 * entities. A fact left with no source at all is deleted; facts other sources state stay.
 */
export async function retractUnstated(tx: Tx, plan: SeedPlan, model: GraphModel): Promise<{ nodes: Partial<ChangeCounts>; relationships: Partial<ChangeCounts> }> {
  const entity = model.entityLabel;
  const kept = plan.relationships.flatMap(({ relationship, rows }) =>
    rows.map((r) => [relationship.type, r.from, r.to, ...relationship.identity.map((p) => r.identity[p] ?? null)]),
  );
  const identity = Object.fromEntries(model.relationships.map((r) => [r.type, r.identity]));
  const edges = await tx.run(
    `MATCH (a:\`${entity}\`)-[r]->(b:\`${entity}\`)
     WHERE $sourceKey IN coalesce(r.sourceKeys, []) AND type(r) <> $statedIn
       AND NOT [type(r), a.key, b.key] + [p IN coalesce($identity[type(r)], []) | r[p]] IN $kept
     SET r.sourceKeys = [k IN r.sourceKeys WHERE k <> $sourceKey]
     WITH r, size(r.sourceKeys) = 0 AS orphan
     FOREACH (_ IN CASE WHEN orphan THEN [1] ELSE [] END | DELETE r)
     RETURN sum(CASE WHEN orphan THEN 1 ELSE 0 END) AS deleted, sum(CASE WHEN orphan THEN 0 ELSE 1 END) AS updated`,
    { sourceKey: plan.sourceKey, statedIn: model.statedIn, identity, kept },
  );

  const keptKeys = plan.entities.flatMap((g) => g.rows.map((r) => r.key));
  const entities = await tx.run(
    `MATCH (n:\`${entity}\`) WHERE $sourceKey IN coalesce(n.sourceKeys, []) AND NOT n.key IN $keptKeys
     OPTIONAL MATCH (n)-[stated:\`${model.statedIn}\`]->(:\`${model.source.name}\` {key: $sourceKey})
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
  const edgeRecord = edges.records[0];
  const nodeRecord = entities.records[0];
  return {
    relationships: {
      deleted: Number(edgeRecord?.get('deleted') ?? 0) + Number(nodeRecord?.get('edgesDeleted') ?? 0),
      updated: Number(edgeRecord?.get('updated') ?? 0),
    },
    nodes: { deleted: Number(nodeRecord?.get('deleted') ?? 0), updated: Number(nodeRecord?.get('updated') ?? 0) },
  };
}
