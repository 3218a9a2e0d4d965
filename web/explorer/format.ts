/** How dates, periods and amounts read in the panel. */
import { formatMoney } from './dom';
import type { Money } from './queries';

/** A stored date at its precision: 2017-06-01 with MONTH reads '2017-06'. */
export function partialDate(date: unknown, precision: unknown): string | null {
  if (typeof date !== 'string' || !date) return null;
  if (precision === 'YEAR') return date.slice(0, 4);
  if (precision === 'MONTH') return date.slice(0, 7);
  return date.slice(0, 10);
}

/** '2017-06 – 2021-12', 'since 2019', 'until 2020-03', or null when neither end is known. */
export function period(start: string | null, end: string | null): string | null {
  if (start && end) return `${start} – ${end}`;
  if (start) return `since ${start}`;
  if (end) return `until ${end}`;
  return null;
}

/** The period stated on a relationship's properties (since/until), e.g. a position or a coordination. */
export function relationPeriod(properties: Record<string, unknown>): string | null {
  return period(partialDate(properties.since, properties.sincePrecision), partialDate(properties.until, properties.untilPrecision));
}

/** Sums per currency, largest first: 'SEK 5 959 037 · EUR 120 000'. */
export function totals(amounts: { amount: number | null | undefined; currency: string | null | undefined }[]): Money[] {
  const byCurrency = new Map<string, number>();
  for (const { amount, currency } of amounts) {
    if (typeof amount !== 'number') continue;
    const key = currency ?? 'unknown currency';
    byCurrency.set(key, (byCurrency.get(key) ?? 0) + amount);
  }
  return [...byCurrency].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount);
}

export const moneyText = (money: Money[]) => money.map((m) => formatMoney(m.amount, m.currency)).join(' · ');

/** SCREAMING_CASE enum values as words: FUNDING_AGENCY reads 'funding agency'. */
export const enumText = (value: unknown) => (typeof value === 'string' ? value.toLowerCase().replace(/_/g, ' ') : '');
