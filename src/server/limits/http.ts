import type { RequestHandler } from 'express';
import { Lexer, Source, TokenKind } from 'graphql';
import { errors } from '../../errors';
import { sendError } from '../http-conformance';

/**
 * Deepest nesting of {, [ and ( in GraphQL source text, outside strings and comments. graphql-js
 * parses recursively, so a few thousand levels overflow the stack before any validation rule
 * could measure depth; this linear scan runs first.
 */
export function bracketDepth(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (c === '"') {
      if (source.startsWith('"""', i)) {
        i += 3;
        while (i < source.length && !source.startsWith('"""', i)) i += source.startsWith('\\"""', i) ? 4 : 1;
        i += 2;
      } else {
        i++;
        while (i < source.length && source[i] !== '"' && source[i] !== '\n') i += source[i] === '\\' ? 2 : 1;
      }
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
    }
  }
  return deepest;
}

/** Refuses, before parsing, a query whose brackets nest deeper than `max` (a 400 naming the limit). */
export function maxNesting(max: number): RequestHandler {
  return (req, res, next) => {
    const query = queryText(req);
    if (query !== undefined) {
      const depth = bracketDepth(query);
      if (depth > max) return sendError(req, res, errors.bracketNesting(depth, max));
    }
    next();
  };
}

/**
 * Refuses, before parsing, a query of more than `max` tokens (a 400 naming GRAPHQL_MAX_TOKENS):
 * graphql-js's parser would stop there with a bare syntax error.
 */
export function maxTokens(max: number): RequestHandler {
  return (req, res, next) => {
    const query = queryText(req);
    if (query !== undefined && tokenCount(query, max) > max) return sendError(req, res, errors.tooManyTokens(max));
    next();
  };
}

/** The query text of a GraphQL request, GET or POST. */
function queryText(req: Parameters<RequestHandler>[0]): string | undefined {
  const query: unknown = req.method === 'GET' ? req.query?.query : (req.body as { query?: unknown } | undefined)?.query;
  return typeof query === 'string' ? query : undefined;
}

/**
 * Tokens of GraphQL source text as graphql-js's parser counts them (punctuators, names, values;
 * not comments), counting no further than max + 1. Text that does not lex counts as far as it
 * lexes: the parser reports the syntax error.
 */
export function tokenCount(source: string, max: number): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (count <= max && lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A syntax error: Apollo's parse reports it.
  }
  return count;
}
