/**
 * The seed format's own conventions, the few things that are not in the model: the file layout
 * (formatVersion, source, entities, relationships), how keys and partial dates are written.
 * Everything about types, fields and relationships comes from the model (src/graph/model.ts).
 */

export const FORMAT_VERSION = 1;
/** The source-block field naming the publishing entity (Source -PUBLISHED_BY-> it). */
export const PUBLISHER_KEY_FIELD = 'publisherKey';
/** Seed files the importer reads from a folder. */
export const SEED_FILE_PATTERN = /\.(ya?ml|json)$/i;
/** Larger files are refused before they are read (configurable per run). */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** '<prefix>:<slug>', slugs of lower-case ASCII letters and digits joined by '-' and ':'. */
export const SLUG_PATTERN = '[a-z0-9]+(?:-[a-z0-9]+)*(?::[a-z0-9]+(?:-[a-z0-9]+)*)*';
export const keyPattern = (prefixes: string[]) => `^(?:${prefixes.join('|')}):${SLUG_PATTERN}$`;
export const keyPrefix = (key: string) => key.split(':', 1)[0] ?? '';

export interface SeedSource {
  key: string;
  [field: string]: unknown;
}
export interface SeedEntity {
  key: string;
  type: string;
  name: string;
  [field: string]: unknown;
}
export interface SeedRelationship {
  type: string;
  from: string;
  to: string;
  [field: string]: unknown;
}
export interface Seed {
  formatVersion: number;
  source: SeedSource;
  entities: SeedEntity[];
  relationships: SeedRelationship[];
}

export type DatePrecision = 'YEAR' | 'MONTH' | 'DAY';
export interface PartialDate {
  year: number;
  month: number;
  day: number;
  precision: DatePrecision;
}

export const PARTIAL_DATE_PATTERN = '^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$';
export const FULL_DATE_PATTERN = '^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$';

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** 'YYYY' | 'YYYY-MM' | 'YYYY-MM-DD' → the first day of the period and its precision; undefined when not a real date. */
export function parsePartialDate(text: string): PartialDate | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] ? Number(match[2]) : 1;
  const day = match[3] ? Number(match[3]) : 1;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day, precision: match[3] ? 'DAY' : match[2] ? 'MONTH' : 'YEAR' };
}

/** The text a partial date is written as in a seed (inverse of parsePartialDate). */
export function formatPartialDate(date: PartialDate): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  if (date.precision === 'YEAR') return pad(date.year, 4);
  if (date.precision === 'MONTH') return `${pad(date.year, 4)}-${pad(date.month)}`;
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** First and last day of the period a partial date names, as comparable 'YYYY-MM-DD' strings. */
export function periodOf(date: PartialDate): { first: string; last: string } {
  const first = formatPartialDate({ ...date, precision: 'DAY' });
  const lastMonth = date.precision === 'YEAR' ? 12 : date.month;
  const lastDay = date.precision === 'DAY' ? date.day : daysInMonth(date.year, lastMonth);
  return { first, last: formatPartialDate({ year: date.year, month: lastMonth, day: lastDay, precision: 'DAY' }) };
}

/**
 * Date fields that open and close a period, paired by name: start/end, since/until,
 * <x>Start/<x>End. Returns [opening, closing] pairs present among the given field names.
 */
export function datePeriods(fieldNames: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const name of fieldNames) {
    const closing = name === 'start' ? 'end' : name === 'since' ? 'until' : name.endsWith('Start') ? `${name.slice(0, -'Start'.length)}End` : undefined;
    if (closing && fieldNames.includes(closing)) pairs.push([name, closing]);
  }
  return pairs;
}
