/**
 * Text helpers shared by the page adapters: spacing as pages write it (non-breaking and thin
 * spaces, tabs), slugs for keys, and the two line layouts of labelled values.
 */

/** Every kind of space folded to a plain one, runs collapsed, ends trimmed. */
export const cleanSpaces = (text: string) => text.replace(/[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g, ' ').trim();

/** A line's text compared loosely: spaces cleaned, lower case, a trailing colon dropped. */
export const looseLabel = (text: string) => cleanSpaces(text).toLowerCase().replace(/\s*:$/, '');

/** 'Umeå universitet' → 'umea-universitet': the slug part of a key. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A table row `| Label | value |` (edge pipes optional: `Label | value |`), as cells; undefined when the line is not one. */
export function tableCells(line: string): string[] | undefined {
  if (!line.includes('|')) return undefined;
  const cells = line.split('|').map(cleanSpaces);
  if (/^\s*\|/.test(line)) cells.shift();
  if (/\|\s*$/.test(line)) cells.pop();
  return cells.length >= 1 && cells[0] !== '' ? cells : undefined;
}

/**
 * Reads a labelled line in either layout: a table row whose first cell is one of `labels`, or a
 * line that starts with one of them followed by the value (`Status Completed`, `Status: Completed`).
 * Labels are compared loosely; the longest that fits wins.
 */
export function labelledValue(line: string, labels: readonly string[]): { label: string; value: string } | undefined {
  const cells = tableCells(line);
  if (cells) {
    const label = labels.find((l) => looseLabel(cells[0]!) === l.toLowerCase());
    return label ? { label, value: cleanSpaces(cells.slice(1).join(' | ')) } : undefined;
  }
  const clean = cleanSpaces(line);
  const lower = clean.toLowerCase();
  const byLength = [...labels].sort((a, b) => b.length - a.length);
  for (const label of byLength) {
    const l = label.toLowerCase();
    if (lower === l || lower === `${l}:`) return { label, value: '' };
    if (lower.startsWith(l) && /^\s*:?\s/.test(clean.slice(l.length))) return { label, value: clean.slice(l.length).replace(/^\s*:?\s*/, '') };
  }
  return undefined;
}

/** A bullet's marker dropped: '• a', '* a', '- a', '1. a' → 'a'. */
export const withoutBullet = (line: string) => cleanSpaces(line).replace(/^(?:[•●◦▪·*–-]|\d{1,2}[.)])\s+/, '');

/** True when the line is a bullet item. */
export const isBullet = (line: string) => /^(?:[•●◦▪·*–-]|\d{1,2}[.)])\s+\S/.test(cleanSpaces(line));

/** Letters all upper case (and at least one word of four letters or more): 'LINDHOLMEN SCIENCE PARK AKTIEBOLAG', not 'KTH'. */
export function isShouting(name: string): boolean {
  const letters = name.replace(/[^\p{L}]/gu, '');
  return letters.length > 0 && letters === letters.toUpperCase() && letters !== letters.toLowerCase() && /\p{L}{4,}/u.test(name);
}
