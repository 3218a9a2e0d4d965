/*
 * The cursors of @neo4j/graphql's connections: base64 of "arrayconnection:<offset>". The limits
 * check them before a request runs (src/server/limits/arguments.ts); pages read in index order
 * give them out as the library does (src/graph/ordered-pages.ts).
 */

const PREFIX = 'arrayconnection:';
const CURSOR = /^arrayconnection:(\d{1,10})$/;
/** The largest GraphQL Int: an offset past it cannot be written. */
export const INT_MAX = 2 ** 31 - 1;

/** The cursor of the node at `offset`. */
export const cursorAt = (offset: number) => Buffer.from(`${PREFIX}${offset}`).toString('base64');

/** The offset a cursor names, or null when it is not one this API gives out. */
export function cursorOffset(cursor: string): number | null {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  const offset = match ? Number(match[1]) : NaN;
  return offset <= INT_MAX ? offset : null;
}
