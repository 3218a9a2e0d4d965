import { errors } from '../../errors';
import { read, type RequestContext } from '../../request/context';
import { type EntityRef, ref } from './cypher';
import { Selection } from './selection';
import { int } from './values';

export const SEARCH_INDEX = 'entity_search';

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** Letters the index's ASCII folding turns into others than their base letter. */
const FOLDED: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th' };

/**
 * A word as the search index's analyzer (standard-folding) stores it: lower case, folded to
 * ASCII. Lucene analyses whole words in a query but not prefixes (`Västerbott*`), so the page's
 * search-as-you-type would find nothing until the word was complete.
 */
export function foldWord(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[øæœßłđðþ]/g, (letter) => FOLDED[letter] ?? letter);
}

/**
 * A Lucene query for what a person typed: every word must match, as a whole word or as the
 * start of one. Lucene's operators are removed (the index drops punctuation anyway), so text is
 * only ever text.
 */
export function luceneQuery(text: string): string {
  return text
    .replace(LUCENE_SPECIAL, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => (/^(AND|OR|NOT|TO)$/.test(word) ? word.toLowerCase() : word))
    .map((word) => `(${word} OR ${foldWord(word)}*)`)
    .join(' AND ');
}

export interface SearchArgs {
  text: string;
  types?: string[] | null;
  limit: number;
}

/** Full-text search over names, aliases and descriptions, best first. */
export async function search(args: SearchArgs, context: RequestContext, selection: Selection = Selection.ALL) {
  const { limit } = args;
  const query = luceneQuery(args.text.slice(0, 200));
  if (!query) throw errors.emptySearch();
  // Without a type condition Lucene keeps only the best `limit` hits (its own top-k), so a search
  // costs what it returns however many entities match; with one, every match is read and filtered.
  const typed = Boolean(args.types);
  const records = await read<{ entity: EntityRef; score: number; description: string | null }>(
    context,
    `CALL db.index.fulltext.queryNodes($index, $query${typed ? '' : ', {limit: $limit}'}) YIELD node, score
     ${typed ? 'WHERE any(label IN labels(node) WHERE label IN $types)' : ''}
     RETURN ${ref('node')} AS entity, score, ${selection.has('description') ? 'node.description' : 'null'} AS description
     ORDER BY score DESC, node.name LIMIT $limit`,
    { index: SEARCH_INDEX, query, types: args.types ?? null, limit: int(limit) },
  );
  return records;
}
