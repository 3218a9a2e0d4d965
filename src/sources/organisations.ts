import { normalizeName } from '../importer/normalize';
import { cleanSpaces, isShouting } from './text';

/** The model's OrganizationKind, where an organisation's name makes it evident. */
const KINDS: [RegExp, string][] = [
  [/\binnovation(?:s)?(?:kontor| office)\b|\binnovationskontor(?:et)?\b|\btech(?:nology)? transfer\b|\bholding\b.*\buniversit/i, 'INNOVATION_OFFICE'],
  [/^(?:inst\.|institutionen|department|dept\.|avdelningen|enheten|division|school) (?:för|of|for)\b/i, 'DEPARTMENT'],
  [/\b(?:universitets?sjukhus(?:et)?|sjukhus(?:et)?|hospital|lasarett(?:et)?|klinik(?:en)?|clinic)\b/i, 'HOSPITAL'],
  [/\b(?:universit(?:y|et|etet|ies|ad|ade|à|é)|högskola|högskolan|institute of technology|karolinska institutet|university college)\b/i, 'UNIVERSITY'],
  [/\b(?:kommun|municipality|city of|stad)\b/i, 'MUNICIPALITY'],
  [/^region\b|\bregionen\b|\blandsting(?:et)?\b|\bcounty council\b/i, 'REGIONAL_AUTHORITY'],
  [/\b(?:stiftelse(?:n)?|foundation|fundación|fundação)\b/i, 'FOUNDATION'],
  [/\b(?:cluster|kluster)\b/i, 'CLUSTER'],
  [/\b(?:förening(?:en)?|association|asociación|associação|ideell)\b/i, 'ASSOCIATION'],
  [/\b(?:network|nätverk(?:et)?|alliance)\b/i, 'NETWORK'],
  [
    /\b(?:ab|aktiebolag|aktiebolaget|ltd|limited|plc|llc|inc|gmbh|oy|oyj|asa|aps|bv|nv|s\.?a\.?|s\.?l\.?|srl|sarl)\b\.?(?:\s*\((?:publ|svb)\))?\s*$|\(publ\)|^ab\b/i,
    'COMPANY',
  ],
  [/\b(?:verket|myndigheten|agency|ministry|departementet)\b/i, 'OTHER'],
];

export function organisationKindOf(name: string): string {
  return KINDS.find(([pattern]) => pattern.test(cleanSpaces(name)))?.[1] ?? 'OTHER';
}

/** The better display name of two spellings of one name: not in capitals, else the first. */
export function betterName(current: string, other: string): string {
  return isShouting(current) && !isShouting(other) ? other : current;
}

/** Edit distance up to `limit` (beyond it, limit + 1). */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * A coordinator as Vinnova writes it, 'LEGAL ENTITY - Unit': the legal entity and the unit. A
 * unit that is the legal entity's own name again ('LINDHOLMEN SCIENCE PARK AKTIEBOLAG - Lindholmen
 * Science Park AB'; within one string also with a letter or two apart) is no unit: it is the
 * entity, better spelt.
 */
export function splitCoordinator(written: string): { organisation: string; unit?: string; sameAsUnit?: string } {
  const clean = cleanSpaces(written);
  const m = /^(.+?)\s+[-–—]\s+(.+)$/.exec(clean);
  if (!m) return { organisation: clean };
  const [, organisation, unit] = m as unknown as [string, string, string];
  return coordinatorParts(organisation, unit);
}

/** A legal entity and the unit given with it (Vinnova's open data gives them apart: KoordinatorOrg, KoordinatorArb). */
export function coordinatorParts(organisation: string, unit: string | undefined): { organisation: string; unit?: string; sameAsUnit?: string } {
  if (!unit) return { organisation };
  const a = normalizeName(organisation);
  const b = normalizeName(unit);
  if (a === b || (Math.min(a.length, b.length) >= 10 && distance(a, b, 2) <= 2)) return { organisation, sameAsUnit: unit };
  return { organisation, unit };
}
