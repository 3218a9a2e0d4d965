import type { Store } from '../importer/store';
import { nameKeysOf } from '../importer/normalize';
import { type LookAlike, lookAlikeReason, tokensOf } from './look-alikes';

/** The types whose look-alikes a curator reviews. */
const REVIEWED_TYPES = ['Organization', 'Region', 'Person', 'Project', 'FundingCall', 'Ecosystem', 'FocusArea'];
/** A word shared by more entities than this is too common to compare them by (e.g. 'university'). */
const MAX_BLOCK = 200;

interface Named {
  key: string;
  name: string;
  aliases: string[];
}

/**
 * The look-alikes in the graph: entities of one type whose names are equal once normalised (kept
 * apart by the rules: an identifier differs, people at different organisations) or similar
 * (look-alikes.ts), and that are not a unit and its organisation. Compared within blocks of
 * entities that share a word, so the cost follows the graph's size, not its square.
 */
export async function reviewGraph({ driver, database }: Store): Promise<LookAlike[]> {
  const found: LookAlike[] = [];
  const { records: partOf } = await driver.executeQuery(
    'MATCH (a:Entity)-[:PART_OF]->(b:Entity) RETURN a.key AS a, b.key AS b',
    {},
    { database, routing: 'READ' },
  );
  const linked = new Set(partOf.map((r) => [r.get('a') as string, r.get('b') as string].sort().join('\n')));
  for (const type of REVIEWED_TYPES) {
    const { records } = await driver.executeQuery(
      `MATCH (n:\`${type}\`:Entity) RETURN n.key AS key, n.name AS name, coalesce(n.aliases, []) AS aliases ORDER BY key`,
      {},
      { database, routing: 'READ' },
    );
    const entities: Named[] = records.map((r) => ({ key: r.get('key') as string, name: r.get('name') as string, aliases: r.get('aliases') as string[] }));
    const blocks = new Map<string, Named[]>();
    for (const e of entities) {
      for (const token of new Set([...tokensOf([e.name, ...e.aliases].join(' ')), ...nameKeysOf(e.name, e.aliases).map((k) => `=${k}`)])) {
        const block = blocks.get(token);
        if (block) block.push(e);
        else blocks.set(token, [e]);
      }
    }
    const seen = new Set<string>();
    for (const [token, block] of blocks) {
      if (block.length < 2 || block.length > MAX_BLOCK) continue;
      for (let i = 0; i < block.length; i++) {
        for (let j = i + 1; j < block.length; j++) {
          const a = block[i]!;
          const b = block[j]!;
          const pair = `${a.key}\n${b.key}`;
          if (seen.has(pair) || linked.has([a.key, b.key].sort().join('\n'))) continue;
          seen.add(pair);
          const reason = token.startsWith('=')
            ? `the same name once normalised ("${a.name}", "${b.name}"), kept apart by the resolution rules (an identifier or, for people, the organisation differs)`
            : lookAlikeReason([a.name, ...a.aliases], [b.name, ...b.aliases]);
          if (reason) found.push({ type, a: { key: a.key, name: a.name }, b: { key: b.key, name: b.name }, reason });
        }
      }
    }
  }
  return found;
}
