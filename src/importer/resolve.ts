import type { ManagedTransaction, Transaction } from 'neo4j-driver';
import { exactTermsQuery, NAME_KEYS_INDEX } from '../graph/constraints';
import type { GraphModel } from '../graph/model';
import { nameKeysOf } from './normalize';
import type { EntityRow, SeedPlan } from './plan';
import type { EntityMerge } from './summary';

export type Tx = Transaction | ManagedTransaction;

/**
 * Entity resolution, run inside the file's transaction: an entity whose key is new becomes an
 * existing entity of the same type when exactly one such entity has a matching normalised name
 * or alias. Returns the plan with keys rewritten, and the merges made. `keyMap` carries the
 * rewrites on to the later files of the run.
 */
export async function resolveEntities(
  tx: Tx,
  plan: SeedPlan,
  model: GraphModel,
  keyMap: Map<string, string>,
): Promise<{ plan: SeedPlan; merges: EntityMerge[] }> {
  const keys = plan.entities.flatMap((g) => g.rows.map((r) => r.key));
  const existing = await tx.run(`MATCH (n:\`${model.entityLabel}\`) WHERE n.key IN $keys RETURN n.key AS key`, { keys });
  const known = new Set(existing.records.map((r) => r.get('key') as string));
  const fileKeys = Object.fromEntries(keys.map((key) => [key, true]));
  const merges: EntityMerge[] = [];

  // One lookup for the new rows of every type (one query text, planned once: see write.ts).
  const newRows = plan.entities.flatMap(({ type, rows }) =>
    rows.filter((r) => !known.has(r.key) && !keyMap.has(r.key)).map((row) => ({ row, type, label: type.labels[0]! })),
  );
  const matches = await sameNamed(tx, newRows, fileKeys);
  for (const { row, type } of newRows) {
    const [target, ...others] = matches.get(row.key) ?? [];
    if (!target || others.length > 0) continue;
    keyMap.set(row.key, target);
    merges.push({ file: plan.file, key: row.key, name: row.name, mergedInto: target, type: type.name });
  }

  const mapKey = (key: string) => keyMap.get(key) ?? key;
  const merged = new Set(keyMap.keys());
  return {
    merges,
    plan: {
      ...plan,
      ...(plan.publisherKey ? { publisherKey: mapKey(plan.publisherKey) } : {}),
      entities: plan.entities.map((g) => ({
        ...g,
        rows: g.rows.map((r) =>
          // A merged entity keeps its name; the new name becomes an alias.
          merged.has(r.key) ? { ...r, key: mapKey(r.key), aliases: [...new Set([...r.aliases, r.name])], mergedName: true } : r,
        ),
      })),
      relationships: plan.relationships.map((g) => ({ ...g, rows: g.rows.map((r) => ({ ...r, from: mapKey(r.from), to: mapKey(r.to) })) })),
    },
  };
}

/**
 * Per row, the keys of the entities with its label, other than the file's own, that share a
 * normalised name or alias with it: looked up by `nameKeys` in their index (see constraints.ts),
 * so the cost is that of the rows and their matches, not of the graph. `fileKeys` is a map, so
 * that leaving out the file's keys is one lookup per match.
 */
async function sameNamed(tx: Tx, rows: { row: EntityRow; label: string }[], fileKeys: Record<string, boolean>): Promise<Map<string, string[]>> {
  const lookups = rows
    .map(({ row, label }) => ({ key: row.key, label, nameKeys: nameKeysOf(row.name, row.aliases) }))
    .filter((row) => row.nameKeys.length > 0)
    .map((row) => ({ ...row, query: exactTermsQuery(row.nameKeys) }));
  if (lookups.length === 0) return new Map();
  const result = await tx.run(
    `UNWIND $rows AS row
     CALL db.index.fulltext.queryNodes($index, row.query) YIELD node AS n
     WITH row, n WHERE row.label IN labels(n) AND $fileKeys[n.key] IS NULL AND any(k IN n.nameKeys WHERE k IN row.nameKeys)
     RETURN row.key AS key, collect(DISTINCT n.key) AS matches`,
    { rows: lookups, index: NAME_KEYS_INDEX, fileKeys },
  );
  return new Map(result.records.map((r) => [r.get('key') as string, r.get('matches') as string[]]));
}
