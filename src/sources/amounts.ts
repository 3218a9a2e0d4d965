import { cleanSpaces } from './text';

const CURRENCIES: [RegExp, string][] = [
  [/^(?:sek|kr|kr\.|kronor|svenska kronor|swedish kronor)$/i, 'SEK'],
  [/^(?:eur|€|euro|euros)$/i, 'EUR'],
  [/^(?:nok)$/i, 'NOK'],
  [/^(?:dkk)$/i, 'DKK'],
  [/^(?:usd|\$)$/i, 'USD'],
  [/^(?:gbp|£)$/i, 'GBP'],
];
const currencyOf = (word: string | undefined) => (word ? CURRENCIES.find(([pattern]) => pattern.test(word))?.[1] : undefined);

/**
 * A grant as pages write it: 'SEK 5 959 037', '1 481 080 kronor', '10 000 000 kr', 'SEK 5,959,037',
 * '€ 250 000', with any kind of space between the digit groups. Groups of three digits only: a
 * number that could be read two ways ('5.959' or '5,9') is not read. Undefined when not an amount.
 */
export function parseAmount(text: string): { amount: number; currency?: string } | undefined {
  const clean = cleanSpaces(text).replace(/\.-$|:-$/, '');
  const m = /^(\p{Sc}|[A-Za-z.]+)?\s*(\d{1,3}(?:([ ,.'])\d{3})*(?:\3\d{3})*|\d+)(?:,(\d{1,2}))?\s*(\p{Sc}|[\p{L}. ]+)?$/u.exec(clean);
  if (!m) return undefined;
  const [, before, digits, separator, decimals, after] = m;
  const currencyBefore = before ? currencyOf(before) : undefined;
  const currencyAfter = after ? currencyOf(after.trim()) : undefined;
  if ((before && !currencyBefore) || (after && !currencyAfter) || (currencyBefore && currencyAfter && currencyBefore !== currencyAfter)) return undefined;
  // '5.959' alone could be a decimal: a single dot or comma group is read only with a currency word around it.
  if (separator && /[.,]/.test(separator) && !currencyBefore && !currencyAfter) return undefined;
  const amount = Number(digits!.replace(/[ ,.']/g, '')) + (decimals ? Number(`0.${decimals}`) : 0);
  if (!Number.isFinite(amount)) return undefined;
  const currency = currencyBefore ?? currencyAfter;
  return { amount, ...(currency ? { currency } : {}) };
}
