import { normalizeName } from '../importer/normalize';

/** Two entities that look alike but were not merged, and why they look alike. */
export interface LookAlike {
  type: string;
  a: { key: string; name: string };
  b: { key: string; name: string };
  reason: string;
}

/** Words too common in organisation names to make two names alike. */
const COMMON = new Set(['of', 'the', 'and', 'for', 'och', 'i', 'de', 'la', 'in', 'at', 'on', 'a', 'an', 'for', 'to', 'av', 'pa', 'fur', 'und']);

export const tokensOf = (name: string) =>
  normalizeName(name)
    .split(' ')
    .filter((t) => t && !COMMON.has(t));

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]!);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** A word without the endings that make 'technical' and 'technology' two words. */
const stem = (word: string) => (word.length > 6 ? word.replace(/(?:ical|ology|ogy|ics|ic|al|y|s)$/, '') : word);

/**
 * Why two names (each with its aliases) look alike, or undefined when they do not. Names equal
 * once normalised are not look-alikes: the resolver merges those (or says why it did not).
 */
export function lookAlikeReason(aNames: string[], bNames: string[]): string | undefined {
  for (const a of aNames) {
    for (const b of bNames) {
      const na = normalizeName(a);
      const nb = normalizeName(b);
      if (!na || !nb || na === nb) continue;
      const longest = Math.max(na.length, nb.length);
      if (longest >= 8) {
        const distance = editDistance(na, nb, 2);
        if (distance <= 2) return `"${a}" and "${b}" differ by ${distance} letter${distance === 1 ? '' : 's'}`;
      }
      const ta = new Set(tokensOf(a).map(stem));
      const tb = new Set(tokensOf(b).map(stem));
      if (ta.size < 2 || tb.size < 2) continue;
      const shared = [...ta].filter((t) => tb.has(t));
      const union = new Set([...ta, ...tb]).size;
      if (shared.length >= 2 && shared.length / union >= 0.6) {
        return `"${a}" and "${b}" share ${shared.length} of their ${union} words`;
      }
    }
  }
  return undefined;
}

export const formatLookAlike = (l: LookAlike) => `${l.type} ${l.a.key} ("${l.a.name}") ~ ${l.b.key} ("${l.b.name}"): ${l.reason}`;
