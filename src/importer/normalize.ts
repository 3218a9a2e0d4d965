/** Legal-form words dropped from the end of a name before comparing (AB, Ltd, GmbH, …). */
const LEGAL_FORMS = new Set(['ab', 'aktiebolag', 'publ', 'ltd', 'limited', 'plc', 'llc', 'inc', 'incorporated', 'corp', 'gmbh', 'ag', 'oy', 'oyj', 'as', 'asa', 'aps', 'bv', 'nv', 'sa', 'sarl', 'srl']);

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
