/** Legal-form words dropped from the end of a name before comparing (AB, Ltd, GmbH, …). */
const LEGAL_FORMS = new Set([
  'ab',
  'aktiebolag',
  'publ',
  'ltd',
  'limited',
  'plc',
  'llc',
  'inc',
  'incorporated',
  'corp',
  'gmbh',
  'ag',
  'oy',
  'oyj',
  'as',
  'asa',
  'aps',
  'bv',
  'nv',
  'sa',
  'sarl',
  'srl',
]);

/**
 * A name reduced to what identifies it: no diacritics, case, punctuation or legal form.
 * 'Swedish Medtech Service AB' and 'Swedish MedTech Service Aktiebolag' both become 'swedish medtech service'.
 */
export function normalizeName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  return words.join(' ');
}

/**
 * The keys an entity is found by in entity resolution (stored as its `nameKeys`): the distinct
 * normalised forms of its name and aliases. A name with no letter or digit identifies nothing.
 */
export function nameKeysOf(name: string | null | undefined, aliases: readonly string[] | null | undefined): string[] {
  return [...new Set([name, ...(aliases ?? [])].filter((n): n is string => Boolean(n)).map(normalizeName))].filter(Boolean);
}
