import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { type EcographError, errors } from '../errors';
import { boundedError } from './error-bounds';
import type { ServerFeature } from './feature';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/**
 * Answers with a catalogued error before Apollo sees the request, as a GraphQL response
 * ({ errors: [...] }) in the media type the client asked for: application/graphql-response+json
 * when it accepts that, else JSON.
 */
export function sendError(req: Request, res: Response, error: EcographError): void {
  // As Apollo does: JSON unless the client prefers the GraphQL response type (so */* gets JSON).
  const type = req.accepts(['application/json', GRAPHQL_RESPONSE]) === GRAPHQL_RESPONSE ? GRAPHQL_RESPONSE : 'application/json';
  res
    .status(error.status)
    .type(`${type}; charset=utf-8`)
    .send(JSON.stringify({ errors: [boundedError({ message: error.message, extensions: error.publicExtensions }, requestIdOf(req))] }));
}

/** The request id observability gave the request (pino-http's req.id), when there is one. */
const requestIdOf = (req: Request): string | undefined => (typeof req.id === 'string' ? req.id : undefined);

/**
 * Refuses a body that would not fit: at once when its declared length is over the limit, before a
 * byte of it is read, and closes the connection after the answer, so a client still sending (or
 * sending slowly) cannot hold it open.
 */
function tooLarge(req: Request, res: Response, length: number | undefined, limit: number): void {
  res.set('connection', 'close');
  res.once('finish', () => req.socket.destroy());
  sendError(req, res, errors.bodyTooLarge(length, limit));
}

const refuseDeclaredOversize =
  (limit: number): RequestHandler =>
  (req, res, next) => {
    const declared = Number(req.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) return tooLarge(req, res, declared, limit);
    next();
  };

/** One operation per request: a JSON array (Apollo's HTTP batching) is refused with a 400. */
const rejectBatches: RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && Array.isArray(req.body)) return sendError(req, res, errors.batchRefused());
  next();
};

/**
 * A POST that express.json did not parse gets a 4xx naming what is expected, rather than the
 * Apollo integration's 500 about a missing req.body: 415 for another Content-Type, 400 for no body.
 */
const requireJsonPost: RequestHandler = (req, res, next) => {
  if (req.method !== 'POST') return next();
  if (!req.is('application/json')) return sendError(req, res, errors.unsupportedMediaType(req.get('content-type')));
  if (req.body === undefined || req.body === null || typeof req.body !== 'object') return sendError(req, res, errors.notJsonObject());
  next();
};

interface BodyParserError extends Error {
  status?: number;
  statusCode?: number;
  type?: string;
  length?: number;
  limit?: number;
}

/**
 * Turns express.json's errors into GraphQL error responses: an oversized body is a 413 naming
 * HTTP_MAX_BODY_BYTES, malformed JSON or an unsupported charset a 400, never Express's HTML page.
 */
function bodyErrorHandler(error: BodyParserError, req: Request, res: Response, next: NextFunction): void {
  const status = error.status ?? error.statusCode ?? 500;
  if (res.headersSent || status < 400 || status >= 500) return next(error);
  if (error.type === 'entity.too.large') return tooLarge(req, res, error.length, error.limit ?? 0);
  if (error.type === 'entity.parse.failed') return sendError(req, res, errors.malformedJson(error.message));
  sendError(req, res, errors.badBody(error.message));
}

// Express recognises an error handler by its four parameters; ServerFeature lists RequestHandlers.
const bodyErrors = bodyErrorHandler as unknown as RequestHandler;

/**
 * GraphQL over HTTP as clients may rely on: the body parsed as JSON within HTTP_MAX_BODY_BYTES
 * (a larger declared length refused before reading),
 * one operation per request, and a clear 4xx for every malformed request.
 */
export function httpConformanceFeature(options: { maxBodyBytes: number }): ServerFeature {
  return {
    name: 'http-conformance',
    graphqlMiddleware: [
      refuseDeclaredOversize(options.maxBodyBytes),
      express.json({ limit: options.maxBodyBytes }),
      bodyErrors,
      rejectBatches,
      requireJsonPost,
    ],
  };
}
