import type { ManagedTransaction, Transaction } from 'neo4j-driver';
import type { GraphModel } from '../graph/model';
import { normalizeName } from './normalize';
import type { SeedPlan } from './plan';
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
  const merges: EntityMerge[] = [];

  for (const group of plan.entities) {
    const newRows = group.rows.filter((r) => !known.has(r.key) && !keyMap.has(r.key));
    if (newRows.length === 0) continue;
    const candidates = await tx.run(
      `MATCH (n:\`${group.type.labels[0]}\`:\`${model.entityLabel}\`) WHERE NOT n.key IN $keys RETURN n.key AS key, n.name AS name, n.aliases AS aliases`,
      { keys },
    );
    const byName = new Map<string, Set<string>>();
    for (const record of candidates.records) {
      const names = [record.get('name') as string, ...((record.get('aliases') as string[] | null) ?? [])];
      for (const name of names.filter(Boolean)) {
        const normalized = normalizeName(name);
        byName.set(normalized, (byName.get(normalized) ?? new Set()).add(record.get('key') as string));
      }
    }
    for (const row of newRows) {
      const matches = new Set([row.name, ...row.aliases].flatMap((name) => [...(byName.get(normalizeName(name)) ?? [])]));
      if (matches.size !== 1) continue;
      const [target] = matches as Set<string>;
      keyMap.set(row.key, target!);
      merges.push({ file: plan.file, key: row.key, name: row.name, mergedInto: target!, type: group.type.name });
    }
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
