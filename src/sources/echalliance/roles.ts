import { cleanSpaces } from '../text';

/** One position a person holds, as a page writes it: 'Coordinator at Umeå University Innovation Office'. */
export interface WrittenRole {
  position?: string;
  /** The organisation the position is at. */
  organisation?: string;
  /** What the position is 'for' when that is not an organisation: 'project manager for Support Office …'. */
  initiative?: string;
}

/** Words that make a phrase a position (English and Swedish). */
const POSITION_WORDS = new Set(
  (
    'coordinator coordinators manager director head officer strategist chief ceo cto coo cfo cio cmo cso president vice chair chairman chairwoman ' +
    'chairperson lead leader founder co-founder cofounder partner professor lecturer researcher scientist specialist analyst advisor adviser consultant ' +
    'secretary administrator engineer developer physician nurse doctor dean rector executive assistant associate representative ambassador expert ' +
    'owner member controller architect designer editor facilitator liaison broker planner ombudsman samordnare projektledare chef direktör strateg ' +
    'handläggare koordinator verksamhetsledare processledare utvecklare rådgivare forskare'
  ).split(' '),
);
/** Words that make a phrase an organisation's name, first or last. */
const ORGANISATION_FIRST = new Set(
  'region university universidad universidade università université universitet hospital institute institut ministry county council city municipality cluster'.split(
    ' ',
  ),
);
const ORGANISATION_LAST = new Set(
  (
    'university universitet universidad hospital sjukhus sjukhuset institute institutet institut centre center cluster foundation stiftelse stiftelsen ' +
    'agency association alliance network ab ltd limited gmbh inc oy as sa sl srl bv kommun municipality council region regionen landsting ' +
    'landstinget academy akademi akademin college högskola högskolan park office school company group clinic klinik'
  ).split(' '),
);

const wordsOf = (text: string) => cleanSpaces(text).split(' ').filter(Boolean);
const bare = (word: string) => word.toLowerCase().replace(/[^\p{L}-]/gu, '');
const isPositionWord = (word: string) => POSITION_WORDS.has(bare(word));
export const hasPositionWord = (text: string) => wordsOf(text).some(isPositionWord);
const startsUpper = (word: string | undefined) => word !== undefined && /^\p{Lu}/u.test(word);

/** Whether a phrase reads as an organisation's name (or is one `known` knows). */
export function looksLikeOrganisation(text: string, known: (name: string) => boolean = () => false): boolean {
  const words = wordsOf(text);
  if (words.length === 0 || !startsUpper(words[0])) return false;
  if (known(text)) return true;
  return ORGANISATION_FIRST.has(bare(words[0]!)) || ORGANISATION_LAST.has(bare(words[words.length - 1]!));
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A position and the organisation that follows it with no 'at': 'Innovation Manager Region Skåne'. */
function splitWithoutPreposition(text: string, known: (name: string) => boolean): WrittenRole {
  const words = wordsOf(text);
  for (let i = 1; i < words.length; i++) {
    const rest = words.slice(i).join(' ');
    if (isPositionWord(words[i]!) || !hasPositionWord(words.slice(0, i).join(' '))) continue;
    if (looksLikeOrganisation(rest, known)) return { position: capitalised(words.slice(0, i).join(' ')), organisation: rest };
  }
  // 'CEO Linknovate': after the last position word, a capitalised name with no position word in it.
  const last = words.map(isPositionWord).lastIndexOf(true);
  if (last >= 0 && last < words.length - 1 && startsUpper(words[last + 1]) && !hasPositionWord(words.slice(last + 1).join(' '))) {
    const lower = words.slice(last + 1).every((w) => /^(?:\p{Lu}|of\b|de\b|the\b|for\b|and\b|&)/u.test(w));
    if (lower) return { position: capitalised(words.slice(0, last + 1).join(' ')), organisation: words.slice(last + 1).join(' ') };
  }
  return { position: capitalised(cleanSpaces(text)) };
}

function parseRole(text: string, known: (name: string) => boolean): WrittenRole {
  const clean = cleanSpaces(text).replace(/[.;]$/, '');
  let m = /^(.*?)\s+(?:at|@|på|hos)\s+(.+)$/iu.exec(clean);
  if (m && m[1]) return { position: capitalised(m[1]), organisation: m[2]! };
  m = /^(.*?)\s+(?:for|för|of the)\s+(.+)$/iu.exec(clean);
  if (m && m[1] && hasPositionWord(m[1]) && startsUpper(m[2])) {
    return looksLikeOrganisation(m[2]!, known) ? { position: capitalised(m[1]), organisation: m[2]! } : { position: capitalised(m[1]), initiative: m[2]! };
  }
  m = /^(.+?)\s*(?:,|\s[-–—|]\s)\s*(.+)$/u.exec(clean);
  if (m && hasPositionWord(m[1]!) && startsUpper(m[2])) return { position: capitalised(m[1]!), organisation: m[2]! };
  return splitWithoutPreposition(clean, known);
}

/**
 * The roles in a position line. Several roles are joined by 'and' ('Coordinator at X and project
 * manager for Y'); an 'and' inside one position ('Head of Research and Innovation at X') is not a
 * split: the part before it must be a whole role, the part after must begin with a position.
 */
export function parseRoles(text: string, known: (name: string) => boolean = () => false): WrittenRole[] {
  const clean = cleanSpaces(text);
  const parts: string[] = [];
  let rest = clean;
  for (;;) {
    const splits = [...rest.matchAll(/\s+(?:and|och|&)\s+/gi)];
    const split = splits.find((s) => {
      const left = rest.slice(0, s.index);
      const right = rest.slice(s.index + s[0].length);
      const rightPosition = /^(.*?)\s+(?:at|for|@|på|för|hos)\s+/i.exec(right)?.[1] ?? right;
      return /\s(?:at|for|@|på|för|hos)\s/i.test(left) && hasPositionWord(rightPosition) && !/^\p{Lu}\p{L}*\s+\p{Lu}/u.test(rightPosition.trim());
    });
    if (!split) break;
    parts.push(rest.slice(0, split.index));
    rest = rest.slice(split.index + split[0].length);
  }
  parts.push(rest);
  return parts.filter((p) => p.trim() !== '').map((p) => parseRole(p, known));
}

/** A person's name as pages list it: two to five capitalised words, no position words, no digits. */
export function isPersonName(text: string): boolean {
  const clean = cleanSpaces(text);
  if (!/^[\p{L}'’.\- ]+$/u.test(clean) || clean.length > 60) return false;
  const words = clean.split(' ');
  if (words.length < 2 || words.length > 5) return false;
  const particles = new Set(['van', 'von', 'de', 'da', 'del', 'della', 'der', 'den', 'la', 'le', 'af', 'di', 'du', 'dos', 'das', 'y']);
  return words.every((w) => particles.has(w) || /^\p{Lu}/u.test(w)) && !words.some(isPositionWord) && !looksLikeOrganisation(clean);
}
