import type { NextFunction, Request, RequestHandler, Response } from 'express';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/**
 * Sends a GraphQL error response ({ errors: [...] }) before Apollo sees the request, in the media
 * type the client asked for: application/graphql-response+json when it accepts that, else JSON.
 */
export function sendGraphQLError(req: Request, res: Response, status: number, message: string, extensions: Record<string, unknown>): void {
  // As Apollo does: JSON unless the client prefers the GraphQL response type (so */* gets JSON).
  const type = req.accepts(['application/json', GRAPHQL_RESPONSE]) === GRAPHQL_RESPONSE ? GRAPHQL_RESPONSE : 'application/json';
  res
    .status(status)
    .type(`${type}; charset=utf-8`)
    .send(JSON.stringify({ errors: [{ message, extensions }] }));
}

/** One operation per request: a JSON array (Apollo's HTTP batching) is refused with a 400. */
export const rejectBatches: RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && Array.isArray(req.body)) {
    sendGraphQLError(req, res, 400, 'Batched requests are not accepted: send one GraphQL operation per request, as a JSON object, not an array', {
      code: 'BAD_REQUEST',
    });
    return;
  }
  next();
};

/**
 * A POST that express.json did not parse gets a 4xx naming what is expected, rather than the
 * Apollo integration's 500 about a missing req.body: 415 for another Content-Type, 400 for no body.
 */
export const requireJsonPost: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST') return next();
  if (!req.is('application/json')) {
    const given = req.get('content-type');
    sendGraphQLError(
      req,
      res,
      415,
      `Unsupported Content-Type ${given ? JSON.stringify(given) : '(none)'}: POST the operation as application/json, e.g. {"query": "{ __typename }"}`,
      { code: 'BAD_REQUEST' },
    );
    return;
  }
  if (req.body === undefined || req.body === null || typeof req.body !== 'object') {
    sendGraphQLError(req, res, 400, 'The request body must be a JSON object such as {"query": "{ __typename }"}', { code: 'BAD_REQUEST' });
    return;
  }
  next();
};

interface BodyParserError extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  length?: number;
  limit?: number;
}

/**
 * Turns express.json's errors into GraphQL error responses: an oversized body is a 413 naming
 * HTTP_MAX_BODY_BYTES, malformed JSON or an unsupported charset a 400, never Express's HTML page.
 */
function bodyErrorHandler(error: BodyParserError, req: Request, res: Response, next: NextFunction): void {
  const status = error.status ?? error.statusCode ?? 500;
  if (res.headersSent || status < 400 || status >= 500) {
    next(error);
    return;
  }
  const tooLarge = error.type === 'entity.too.large';
  let message: string;
  if (tooLarge) {
    const size = error.length !== undefined && Number.isFinite(error.length) ? `Request body of ${error.length} bytes` : 'Request body';
    message = `${size} exceeds the maximum of ${error.limit} bytes (HTTP_MAX_BODY_BYTES)`;
  } else if (error.type === 'entity.parse.failed') {
    message = `Malformed JSON in the request body: ${error.message}`;
  } else {
    message = `Bad request body: ${error.message}`;
  }
  sendGraphQLError(req, res, status, message, {
    code: 'BAD_REQUEST',
    ...(tooLarge ? { limit: 'HTTP_MAX_BODY_BYTES', maximum: error.limit } : {}),
  });
}

// Express recognises an error handler by its four parameters; ServerFeature lists RequestHandlers.
export const bodyErrors = bodyErrorHandler as unknown as RequestHandler;

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
export function maxNesting(max: number, variable: string): RequestHandler {
  return (req, res, next) => {
    const query: unknown = req.method === 'GET' ? req.query?.query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query === 'string') {
      const depth = bracketDepth(query);
      if (depth > max) {
        sendGraphQLError(req, res, 400, `Query nesting depth ${depth} (brackets) exceeds the maximum of ${max} (4 × ${variable})`, {
          code: 'QUERY_LIMIT_EXCEEDED',
          limit: variable,
          value: depth,
          maximum: max,
        });
        return;
      }
    }
    next();
  };
}
