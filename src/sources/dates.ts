import { formatPartialDate, parsePartialDate, type PartialDate } from '../importer/seed-format';
import { cleanSpaces } from './text';

/** Month names and their common abbreviations, English and Swedish. */
const MONTHS: Record<string, number> = {};
const NAMES: [number, string[]][] = [
  [1, ['january', 'januari', 'jan']],
  [2, ['february', 'februari', 'feb']],
  [3, ['march', 'mars', 'mar']],
  [4, ['april', 'apr']],
  [5, ['may', 'maj']],
  [6, ['june', 'juni', 'jun']],
  [7, ['july', 'juli', 'jul']],
  [8, ['august', 'augusti', 'aug']],
  [9, ['september', 'sept', 'sep']],
  [10, ['october', 'oktober', 'oct', 'okt']],
  [11, ['november', 'nov']],
  [12, ['december', 'dec']],
];
for (const [month, names] of NAMES) for (const name of names) MONTHS[name] = month;

const monthOf = (word: string) => MONTHS[word.toLowerCase().replace(/\.$/, '')];

/**
 * One date as pages write it: 'June 2017', 'juni 2017', 'Jun. 2017', '21 June 2022',
 * '8 december 2017', 'June 21, 2022', '2017-06', '2017-06-21', '2017'. Undefined when it is not one.
 */
export function parseWrittenDate(text: string): PartialDate | undefined {
  const t = cleanSpaces(text).replace(/(\d)(st|nd|rd|th)\b/i, '$1');
  let m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+Z?)?$/.exec(t);
  if (m) return parsePartialDate([m[1], m[2], m[3]].filter(Boolean).join('-'));
  m = /^(\p{L}+\.?)\s+(\d{4})$/u.exec(t);
  if (m) return monthDate(Number(m[2]), monthOf(m[1]!));
  m = /^(\d{1,2})\.?\s+(\p{L}+\.?)\s+(\d{4})$/u.exec(t);
  if (m) return dayDate(Number(m[3]), monthOf(m[2]!), Number(m[1]));
  m = /^(\p{L}+\.?)\s+(\d{1,2}),?\s+(\d{4})$/u.exec(t);
  if (m) return dayDate(Number(m[3]), monthOf(m[1]!), Number(m[2]));
  return undefined;
}

const monthDate = (year: number, month: number | undefined) => (month ? parsePartialDate(`${year}-${String(month).padStart(2, '0')}`) : undefined);
const dayDate = (year: number, month: number | undefined, day: number) =>
  month ? parsePartialDate(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`) : undefined;

/** The separators of a period: a dash of any kind between spaces, or 'to' / 'till' / 'until'. */
const PERIOD_SEPARATOR = /\s+(?:[-‐‑‒–—]|to|till|until|tom|t\.o\.m\.)\s+|\s*[–—]\s*/i;

/**
 * A period 'January 2018 - December 2024' (any dash, either language): each end that can be read,
 * and the text of each that cannot. A period written as one date is not a period.
 */
export function parsePeriod(text: string): { start?: PartialDate; end?: PartialDate; unreadable: string[] } {
  const clean = cleanSpaces(text);
  // '2018-01-01 - 2024-12-31' and '2018-01 – 2024-12': split on the spaced dash only, not the date's own.
  const parts = clean.split(PERIOD_SEPARATOR).filter((p) => p !== '');
  if (parts.length !== 2) return { unreadable: [clean] };
  const [first, second] = parts as [string, string];
  const start = parseWrittenDate(first);
  const end = parseWrittenDate(second);
  return { ...(start ? { start } : {}), ...(end ? { end } : {}), unreadable: [...(start ? [] : [first]), ...(end ? [] : [second])] };
}

export const seedDate = (date: PartialDate) => formatPartialDate(date);
