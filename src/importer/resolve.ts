import type { ManagedTransaction, Transaction } from 'neo4j-driver';
import { exactTermsQuery, NAME_KEYS_INDEX } from '../graph/constraints';
import type { GraphModel } from '../graph/model';
import { SEARCH_INDEX } from '../graph/queries/search';
import { IDENTIFIER_FIELDS, identifiersOf, sharedIdentifier } from '../resolution/identifiers';
import { type LookAlike, lookAlikeReason, tokensOf } from '../resolution/look-alikes';
import { type ResolutionContext, whyNotSame } from '../resolution/rules';
import { nameKeysOf } from './normalize';
import type { EntityRow, SeedPlan } from './plan';
import type { EntityMerge } from './summary';

export type Tx = Transaction | ManagedTransaction;

/** The relationships that give a type the context it is resolved in (rules.ts): a person's employers, a project's funders. */
const CONTEXT_RELATIONSHIPS: Record<string, { type: string; field: 'employers' | 'funders' }[]> = {
  Person: [{ type: 'HOLDS_ROLE', field: 'employers' }],
  Project: [{ type: 'FUNDED_BY', field: 'funders' }],
  FundingCall: [{ type: 'ISSUED_BY', field: 'funders' }],
};

const LOOK_ALIKE_TYPES = new Set(['Organization', 'Region', 'FundingCall', 'Ecosystem']);
const LOOK_ALIKE_ROWS = 100;

interface Match {
  key: string;
  name: string;
  identifiers: Map<string, string>;
  employers: Set<string>;
  funders: Set<string>;
}

/**
 * Entity resolution, run inside the file's transaction, with the rules of src/resolution/: an
 * entity whose key is new becomes an existing entity of the same type that shares a strong
 * identifier with it (organisation number, ROR id, a funder's reference number); else the one
 * existing entity with a matching normalised name or alias, unless an identifier of one kind
 * differs, or (for a person) they share no organisation, or (a project or call) no funder.
 * Returns the plan with keys rewritten, the merges made and the look-alikes left apart.
 * `keyMap` carries the rewrites on to the later files of the run.
 */
export async function resolveEntities(
  tx: Tx,
  plan: SeedPlan,
  model: GraphModel,
  keyMap: Map<string, string>,
): Promise<{ plan: SeedPlan; merges: EntityMerge[]; lookAlikes: LookAlike[] }> {
  const keys = plan.entities.flatMap((g) => g.rows.map((r) => r.key));
  const existing = await tx.run(`MATCH (n:\`${model.entityLabel}\`) WHERE n.key IN $keys RETURN n.key AS key`, { keys });
  const known = new Set(existing.records.map((r) => r.get('key') as string));
  const fileKeys = Object.fromEntries(keys.map((key) => [key, true]));
  const merges: EntityMerge[] = [];
  const lookAlikes: LookAlike[] = [];
  const mapKey = (key: string) => keyMap.get(key) ?? key;

  for (const group of plan.entities) {
    const type = group.type.name;
    const label = group.type.labels[0]!;
    const newRows = group.rows.filter((r) => !known.has(r.key) && !keyMap.has(r.key));
    if (newRows.length === 0) continue;
    const contexts = new Map(newRows.map((row) => [row.key, rowContext(plan, type, row, mapKey)]));
    const byIdentifier = await sameIdentified(tx, type, label, newRows, fileKeys);
    const byName = await sameNamed(tx, label, newRows, fileKeys);
    const unmerged: EntityRow[] = [];
    const considered = new Map<string, Set<string>>();
    for (const row of newRows) {
      const context = contexts.get(row.key)!;
      const identified = byIdentifier.get(row.key) ?? [];
      if (identified.length === 1) {
        keyMap.set(row.key, identified[0]!.key);
        merges.push({ file: plan.file, key: row.key, name: row.name, mergedInto: identified[0]!.key, type, rule: 'identifier' });
        continue;
      }
      const candidates = await matchContexts(tx, type, byName.get(row.key) ?? []);
      const accepted = candidates.filter((m) => {
        const why = whyNotSame(type, context, m);
        if (why) lookAlikes.push({ type, a: { key: row.key, name: row.name }, b: { key: m.key, name: m.name }, reason: why });
        return !why;
      });
      if (accepted.length === 1) {
        keyMap.set(row.key, accepted[0]!.key);
        merges.push({ file: plan.file, key: row.key, name: row.name, mergedInto: accepted[0]!.key, type, rule: 'name' });
      } else {
        if (accepted.length > 1) {
          for (const m of accepted)
            lookAlikes.push({
              type,
              a: { key: row.key, name: row.name },
              b: { key: m.key, name: m.name },
              reason: `same name as ${accepted.length} entities; not merged with any`,
            });
        }
        unmerged.push(row);
        considered.set(row.key, new Set(candidates.map((c) => c.key)));
      }
    }
    // Similar names are looked for among a file's first new entities of the types curators merge;
    // for a large file `ecograph review` lists them all afterwards, at the cost of one pass.
    if (LOOK_ALIKE_TYPES.has(type)) lookAlikes.push(...(await similarNamed(tx, type, label, unmerged.slice(0, LOOK_ALIKE_ROWS), fileKeys, considered)));
  }

  const merged = new Set(keyMap.keys());
  return {
    merges,
    lookAlikes,
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

/** A row's identifiers, and the employers or funders the file gives it (keys as already resolved). */
function rowContext(plan: SeedPlan, type: string, row: EntityRow, mapKey: (key: string) => string): ResolutionContext {
  const context: ResolutionContext = { identifiers: identifiersOf(type, row.properties) };
  for (const { type: relationship, field } of CONTEXT_RELATIONSHIPS[type] ?? []) {
    const targets = plan.relationships
      .filter((g) => g.relationship.type === relationship)
      .flatMap((g) => g.rows.filter((r) => r.from === row.key).map((r) => mapKey(r.to)));
    context[field] = new Set(targets);
  }
  return context;
}

/** The existing entities' identifiers, employers and funders, for the rules. */
async function matchContexts(tx: Tx, type: string, keys: string[]): Promise<Match[]> {
  if (keys.length === 0) return [];
  const fields = Object.keys(IDENTIFIER_FIELDS[type] ?? {});
  const relationships = CONTEXT_RELATIONSHIPS[type] ?? [];
  const result = await tx.run(
    `MATCH (n:Entity) WHERE n.key IN $keys
     RETURN n.key AS key, n.name AS name, properties(n) AS properties,
            ${relationships.map((r) => `[(n)-[:\`${r.type}\`]->(t) | t.key] AS ${r.field}`).join(', ') || '[] AS none'}`,
    { keys },
  );
  return result.records.map((r) => {
    const properties = r.get('properties') as Record<string, unknown>;
    const get = (field: string) => (relationships.some((x) => x.field === field) ? new Set(r.get(field) as string[]) : new Set<string>());
    return {
      key: r.get('key') as string,
      name: r.get('name') as string,
      identifiers: identifiersOf(type, Object.fromEntries(fields.map((f) => [f, properties[f]]))),
      employers: get('employers'),
      funders: get('funders'),
    };
  });
}

/** Per row with a strong identifier, the existing entities of its type (not the file's) that share one: one query for all the rows. */
async function sameIdentified(tx: Tx, type: string, label: string, rows: EntityRow[], fileKeys: Record<string, boolean>): Promise<Map<string, Match[]>> {
  const found = new Map<string, Match[]>();
  const fields = Object.keys(IDENTIFIER_FIELDS[type] ?? {});
  const identified = rows.map((row) => ({ row, identifiers: identifiersOf(type, row.properties) })).filter((r) => r.identifiers.size > 0);
  if (identified.length === 0) return found;
  const values = [
    ...new Set(identified.flatMap((r) => [...r.identifiers.values()].flatMap((v) => [v, v.replace(/-/g, ''), `https://ror.org/${v}`, v.toUpperCase()]))),
  ];
  const result = await tx.run(
    `MATCH (n:\`${label}\`) WHERE any(f IN $fields WHERE n[f] IS NOT NULL AND n[f] IN $values) AND $fileKeys[n.key] IS NULL RETURN n.key AS key`,
    { fields, values, fileKeys },
  );
  const candidates = await matchContexts(
    tx,
    type,
    result.records.map((r) => r.get('key') as string),
  );
  for (const { row, identifiers } of identified) {
    const matches = candidates.filter((m) => sharedIdentifier(identifiers, m.identifiers));
    if (matches.length) found.set(row.key, matches);
  }
  return found;
}

/**
 * Per row, the keys of the entities with its label, other than the file's own, that share a
 * normalised name or alias with it: looked up by `nameKeys` in their index (see constraints.ts),
 * so the cost is that of the rows and their matches, not of the graph. `fileKeys` is a map, so
 * that leaving out the file's keys is one lookup per match.
 */
async function sameNamed(tx: Tx, label: string, rows: EntityRow[], fileKeys: Record<string, boolean>): Promise<Map<string, string[]>> {
  const lookups = rows
    .map((row) => ({ key: row.key, nameKeys: nameKeysOf(row.name, row.aliases) }))
    .filter((row) => row.nameKeys.length > 0)
    .map((row) => ({ ...row, query: exactTermsQuery(row.nameKeys) }));
  const result = await tx.run(
    `UNWIND $rows AS row
     CALL db.index.fulltext.queryNodes($index, row.query) YIELD node AS n
     WITH row, n WHERE n:\`${label}\` AND $fileKeys[n.key] IS NULL AND any(k IN n.nameKeys WHERE k IN row.nameKeys)
     RETURN row.key AS key, collect(DISTINCT n.key) AS matches`,
    { rows: lookups, index: NAME_KEYS_INDEX, fileKeys },
  );
  return new Map(result.records.map((r) => [r.get('key') as string, r.get('matches') as string[]]));
}

/** Existing entities of the rows' type whose names look like theirs (look-alikes.ts), found through the search index in one query. */
async function similarNamed(
  tx: Tx,
  type: string,
  label: string,
  rows: EntityRow[],
  fileKeys: Record<string, boolean>,
  skip: Map<string, Set<string>>,
): Promise<LookAlike[]> {
  const lookups = rows
    .map((row) => ({ key: row.key, tokens: [...new Set(tokensOf([row.name, ...row.aliases].join(' ')))].filter((t) => t.length > 2) }))
    .filter((row) => row.tokens.length > 0)
    .map((row) => ({ key: row.key, query: row.tokens.map((t) => `name:"${t.replace(/["\\]/g, '')}"`).join(' OR ') }));
  if (lookups.length === 0) return [];
  const result = await tx.run(
    `UNWIND $rows AS row
     CALL db.index.fulltext.queryNodes($index, row.query, {limit: 25}) YIELD node AS n
     WITH row, n WHERE n:\`${label}\` AND $fileKeys[n.key] IS NULL
     RETURN row.key AS row, collect({key: n.key, name: n.name, aliases: coalesce(n.aliases, [])}) AS found`,
    { rows: lookups, index: SEARCH_INDEX, fileKeys },
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return result.records.flatMap((record) => {
    const row = byKey.get(record.get('row') as string)!;
    const names = [row.name, ...row.aliases];
    return (record.get('found') as { key: string; name: string; aliases: string[] }[]).flatMap((other) => {
      if (skip.get(row.key)?.has(other.key)) return [];
      const reason = lookAlikeReason(names, [other.name, ...other.aliases]);
      return reason ? [{ type, a: { key: row.key, name: row.name }, b: { key: other.key, name: other.name }, reason }] : [];
    });
  });
}
