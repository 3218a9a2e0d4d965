import { GraphQLError } from 'graphql';

/**
 * Every error ecograph reports, in one catalogue (in the spirit of fastify's lib/errors.js): each
 * code with its HTTP status and CLI exit code, and each error with its code and message template.
 * GraphQL errors, HTTP error answers and CLI failures are all made here, so one code always
 * means one status, and no answer is ever rewritten by matching message text.
 */

/** Exit codes of sysexits(3), which process supervisors and scripts understand. */
const EXIT = { FAILURE: 1, USAGE: 64, DATAERR: 65, UNAVAILABLE: 69, SOFTWARE: 70, TEMPFAIL: 75, NOPERM: 77, CONFIG: 78 } as const;

/** Error codes: `extensions.code` of GraphQL errors, the HTTP status that goes with it, and the CLI's exit code. */
export const ERROR_CODES = {
  /** The HTTP request itself is malformed (no body, not JSON, a batch). */
  BAD_REQUEST: { status: 400, exit: EXIT.USAGE },
  /** An argument or input value is out of range or names nothing. */
  BAD_USER_INPUT: { status: 400, exit: EXIT.USAGE },
  /** The query text does not parse (Apollo's code). */
  GRAPHQL_PARSE_FAILED: { status: 400, exit: EXIT.USAGE },
  /** The query does not validate against the schema (Apollo's code). */
  GRAPHQL_VALIDATION_FAILED: { status: 400, exit: EXIT.USAGE },
  /** The operation asks for more than a limit allows (depth, cost, aliases, directives, tokens, nesting). */
  QUERY_LIMIT_EXCEEDED: { status: 400, exit: EXIT.USAGE },
  /** What is asked is not offered (subscriptions). */
  NOT_SUPPORTED: { status: 400, exit: EXIT.USAGE },
  UNAUTHENTICATED: { status: 401, exit: EXIT.NOPERM },
  FORBIDDEN: { status: 403, exit: EXIT.NOPERM },
  /** A write would break a constraint (a key that exists already). */
  CONFLICT: { status: 409, exit: EXIT.DATAERR },
  PAYLOAD_TOO_LARGE: { status: 413, exit: EXIT.USAGE },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, exit: EXIT.USAGE },
  /** Neo4j (or another service ecograph needs, such as a JWKS) cannot be used right now. */
  SERVICE_UNAVAILABLE: { status: 503, exit: EXIT.UNAVAILABLE },
  /** A query (or a request's database work in all) ran longer than allowed and was stopped. */
  QUERY_TIMEOUT: { status: 504, exit: EXIT.TEMPFAIL },
  /** A bug: the details go to the log, never to the client. */
  INTERNAL_SERVER_ERROR: { status: 500, exit: EXIT.SOFTWARE },
  /** The environment's configuration is invalid. */
  CONFIG_INVALID: { status: 500, exit: EXIT.CONFIG },
  /** A tool the managed Neo4j needs (Java, Maven) is missing. */
  PREREQUISITE_MISSING: { status: 500, exit: EXIT.CONFIG },
  /** Input files (seeds, bulk inputs, source documents) have problems; nothing was written. */
  INPUT_INVALID: { status: 400, exit: EXIT.DATAERR },
  /** A command's arguments are wrong. */
  USAGE: { status: 400, exit: EXIT.USAGE },
  /** An import failed while writing, after its input was checked. */
  IMPORT_FAILED: { status: 500, exit: EXIT.FAILURE },
  /** A check a command runs found a difference (a stale generated file, drifted data, a missing prerequisite). */
  CHECK_FAILED: { status: 500, exit: EXIT.FAILURE },
} as const satisfies Record<string, { status: number; exit: number }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error from the catalogue: a GraphQLError (so Apollo answers with its code and status) that the CLI maps to its exit code. */
export class EcographError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options: { cause?: unknown; headers?: Map<string, string> } = {}) {
    super(message, {
      extensions: { code, ...details, http: { status: ERROR_CODES[code].status, ...(options.headers ? { headers: options.headers } : {}) } },
      ...(options.cause instanceof Error ? { originalError: options.cause } : {}),
    });
    this.name = 'EcographError';
    this.code = code;
    if (options.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  /** What a GraphQL or HTTP answer carries besides the message: the code and the details, not the HTTP hints. */
  get publicExtensions(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.extensions).filter(([name]) => name !== 'http'));
  }
}

/** The HTTP status for a code: a known code's, else 500. */
export function statusOf(code: unknown): number {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code) ? ERROR_CODES[code as ErrorCode].status : 500;
}

/** The exit code for any error: a catalogued error's, else EX_SOFTWARE. */
export function exitCodeOf(error: unknown): number {
  return error instanceof EcographError ? error.exitCode : EXIT.SOFTWARE;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Figures in messages: a count past 2^53 is said as such, never as a rounded number. */
const finite = (value: number): number | string => (Number.isFinite(value) && value <= Number.MAX_SAFE_INTEGER ? value : 'more than 2^53');
const formatCount = (value: number) => (typeof finite(value) === 'number' ? String(value) : 'over 9007199254740991');

/** The environment variable that sets each query limit: every rejection names it. */
export const LIMIT_VARIABLES = {
  depth: 'GRAPHQL_MAX_DEPTH',
  cost: 'GRAPHQL_MAX_COST',
  aliases: 'GRAPHQL_MAX_ALIASES',
  directives: 'GRAPHQL_MAX_DIRECTIVES',
  tokens: 'GRAPHQL_MAX_TOKENS',
  body: 'HTTP_MAX_BODY_BYTES',
} as const;
export type LimitName = keyof typeof LIMIT_VARIABLES;

const BEARER_CHALLENGE = 'Bearer realm="ecograph"';

/** The catalogue: every error ecograph makes, by what happened. */
export const errors = {
  // --- requests -------------------------------------------------------------------------------
  batchRefused: () =>
    new EcographError('BAD_REQUEST', 'Batched requests are not accepted: send one GraphQL operation per request, as a JSON object, not an array'),
  notJsonObject: () => new EcographError('BAD_REQUEST', 'The request body must be a JSON object such as {"query": "{ __typename }"}'),
  malformedJson: (problem: string) => new EcographError('BAD_REQUEST', `Malformed JSON in the request body: ${problem}`),
  badBody: (problem: string) => new EcographError('BAD_REQUEST', `Bad request body: ${problem}`),
  subscriptionsNotOffered: () =>
    new EcographError(
      'NOT_SUPPORTED',
      'Subscriptions are not offered: ecograph runs on Neo4j Community, which has no change data capture to drive them; send the query again to see changes',
    ),
  unsupportedMediaType: (given: string | undefined) =>
    new EcographError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Unsupported Content-Type ${given ? JSON.stringify(given) : '(none)'}: POST the operation as application/json, e.g. {"query": "{ __typename }"}`,
    ),
  bodyTooLarge: (length: number | undefined, limit: number) =>
    new EcographError(
      'PAYLOAD_TOO_LARGE',
      `${length !== undefined && Number.isFinite(length) ? `Request body of ${length} bytes` : 'Request body'} exceeds the maximum of ${limit} bytes (${LIMIT_VARIABLES.body})`,
      { limit: LIMIT_VARIABLES.body, maximum: limit },
    ),

  // --- query limits ---------------------------------------------------------------------------
  /** "Query depth 14 exceeds the maximum of 12 (GRAPHQL_MAX_DEPTH)", with the figures in extensions. */
  limitExceeded: (limit: LimitName, what: string, value: number, maximum: number) =>
    new EcographError('QUERY_LIMIT_EXCEEDED', `${what} ${formatCount(value)} exceeds the maximum of ${maximum} (${LIMIT_VARIABLES[limit]})`, {
      limit: LIMIT_VARIABLES[limit],
      value: finite(value),
      maximum,
    }),
  tooManyTokens: (maximum: number) =>
    new EcographError('QUERY_LIMIT_EXCEEDED', `Query size of more than ${maximum} tokens exceeds the maximum of ${maximum} (${LIMIT_VARIABLES.tokens})`, {
      limit: LIMIT_VARIABLES.tokens,
      maximum,
    }),
  bracketNesting: (depth: number, maximum: number) =>
    new EcographError('QUERY_LIMIT_EXCEEDED', `Query nesting depth ${depth} (brackets) exceeds the maximum of ${maximum} (4 × ${LIMIT_VARIABLES.depth})`, {
      limit: LIMIT_VARIABLES.depth,
      value: depth,
      maximum,
    }),

  // --- arguments --------------------------------------------------------------------------------
  /** An integer argument out of its declared bounds (schema/queries.graphql @bounds, or a list's @limit). */
  outOfRange: (argument: string, min: number, max: number, value: unknown) =>
    new EcographError('BAD_USER_INPUT', `${argument} must be a whole number from ${min} to ${max}; got ${String(value)}`, { argumentName: argument }),
  noSuchEntity: (argument: string, key: string) => new EcographError('BAD_USER_INPUT', `No entity has the key "${key}"`, { argumentName: argument }),
  badCursor: (argument: string) =>
    new EcographError('BAD_USER_INPUT', `${argument} is not a cursor this API gave out: pass an edge's cursor or pageInfo.endCursor as it came`, {
      argumentName: argument,
    }),
  emptySearch: () => new EcographError('BAD_USER_INPUT', 'search text is empty', { argumentName: 'text' }),
  /** graphql-js stops coercing variables after `maximum` problems; the rest are not reported one by one. */
  tooManyVariableProblems: (maximum: number, first: string) =>
    new EcographError('BAD_USER_INPUT', `More than ${maximum} variables have invalid values; the first: ${first}`, { maximum }),

  // --- access -----------------------------------------------------------------------------------
  /** 401: no usable credentials. The message says what is wrong; it never repeats the token. */
  unauthenticated: (message: string, tokenProblem = false) =>
    new EcographError(
      'UNAUTHENTICATED',
      message,
      {},
      { headers: new Map([['www-authenticate', tokenProblem ? `${BEARER_CHALLENGE}, error="invalid_token"` : BEARER_CHALLENGE]]) },
    ),
  /** 403: a valid caller without the role needed. */
  forbidden: (message: string) => new EcographError('FORBIDDEN', message),
  signingKeysUnavailable: () => new EcographError('SERVICE_UNAVAILABLE', 'cannot check the bearer token: the signing keys (AUTH_JWKS_URL) are unavailable'),

  // --- the database -----------------------------------------------------------------------------
  notReady: (problem: string | undefined) =>
    new EcographError('SERVICE_UNAVAILABLE', `ecograph is not ready: Neo4j cannot be used yet (${problem ?? 'starting'}).`),
  neo4jUnavailable: (cause?: unknown) => new EcographError('SERVICE_UNAVAILABLE', 'Neo4j is not available right now; try again shortly.', {}, { cause }),
  conflict: (message: string) => new EcographError('CONFLICT', message),
  /** A create would give a new node a key that a node sharing a label with it has (the key constraints, src/graph/constraints.ts). */
  keyTaken: (key: string, type: string, argumentName: string) =>
    new EcographError(
      'CONFLICT',
      `The key "${key}" is taken: a node of type ${type} has it already (keys are unique); choose another key, or update that node`,
      {
        key,
        argumentName,
      },
    ),
  keyRepeated: (key: string, argumentName: string) =>
    new EcographError('CONFLICT', `The key "${key}" is given to more than one new entity in this mutation; keys are unique`, { key, argumentName }),
  invalidRelationship: (message: string) => new EcographError('BAD_USER_INPUT', message),
  queryTimeout: (timeoutMs: number, cause?: unknown) =>
    new EcographError('QUERY_TIMEOUT', `The query ran longer than the ${timeoutMs} ms allowed (NEO4J_QUERY_TIMEOUT_MS) and was stopped.`, {}, { cause }),
  /** The request's deadline (ecograph's own) passed and Neo4j did not answer a check either: it is frozen, overloaded or unreachable. */
  neo4jNotAnswering: (deadlineMs: number) =>
    new EcographError('SERVICE_UNAVAILABLE', `Neo4j did not answer within the ${deadlineMs} ms allowed (REQUEST_TIMEOUT_MS); try again shortly.`),
  /** The deadline passed while the request waited for one of the driver's connections, all of them busy. */
  noFreeConnection: (deadlineMs: number, poolSize: number) =>
    new EcographError(
      'SERVICE_UNAVAILABLE',
      `All ${poolSize} connections to Neo4j stayed busy for the ${deadlineMs} ms allowed (REQUEST_TIMEOUT_MS): ecograph is overloaded; try again shortly.`,
    ),
  /** The deadline passed while Neo4j still answered: the request's database work in all took too long. */
  requestTimeout: (deadlineMs: number) =>
    new EcographError('QUERY_TIMEOUT', `The request's database work ran longer than the ${deadlineMs} ms allowed (REQUEST_TIMEOUT_MS) and was stopped.`),
  /** The managed Neo4j died and could not be started again: the service cannot recover by itself. */
  neo4jGaveUp: (attempts: number, problem: string) =>
    new EcographError(
      'SERVICE_UNAVAILABLE',
      `The managed Neo4j stopped and did not start again in ${plural(attempts, 'attempt')}; ecograph gives up: ${problem}`,
    ),

  // --- bugs ------------------------------------------------------------------------------------
  /** Anything not in this catalogue, as a client sees it: the details are in the log, under the request id. */
  internal: (requestId: string | undefined) =>
    new EcographError(
      'INTERNAL_SERVER_ERROR',
      requestId
        ? `Internal error: ecograph could not answer this request; the details are in its log under request id ${requestId}`
        : 'Internal error: ecograph could not answer this request; the details are in its log',
    ),

  // --- the command line -------------------------------------------------------------------------
  usage: (message: string) => new EcographError('USAGE', message),
  /** The type definitions in schema/ do not make a model ecograph can use. */
  modelInvalid: (message: string) => new EcographError('CONFIG_INVALID', `The model in schema/ is invalid: ${message}`),
  /** The Neo4j ecograph is to use cannot be started, reached or used; the message says why and what to do. */
  neo4jUnusable: (message: string, cause?: unknown) => new EcographError('SERVICE_UNAVAILABLE', message, {}, { cause }),
  /** The Neo4j server lacks what ecograph needs (version, APOC). */
  neo4jIncompatible: (message: string, cause?: unknown) => new EcographError('PREREQUISITE_MISSING', message, {}, { cause }),
  checkFailed: (message: string) => new EcographError('CHECK_FAILED', message),
} as const;

// --- errors that carry structured details ---------------------------------------------------------

/** The configuration names bad variables: every one at once. */
export class ConfigError extends EcographError {
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A tool the managed Neo4j needs is missing; the message says what to install or do instead. */
export class PrerequisiteError extends EcographError {
  constructor(message: string) {
    super('PREREQUISITE_MISSING', message);
    this.name = 'PrerequisiteError';
  }
}

/** One thing wrong with an input file: where (file, line, path into the data) and what. */
export interface InputProblem {
  file: string;
  line?: number;
  /** Path into the data, e.g. `entities[3].start`, or '' for the file as a whole. */
  path: string;
  /** The entity key or relationship the path points into, when there is one. */
  subject?: string;
  message: string;
}

export function formatProblem(problem: InputProblem): string {
  const where = `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}`;
  const what = [problem.path, problem.subject ? `(${problem.subject})` : ''].filter(Boolean).join(' ');
  return `${where}: ${what ? `${what}: ` : ''}${problem.message}`;
}

/** Input files have problems, reported before anything is written: every problem of every file. */
export class SeedValidationError extends EcographError {
  constructor(
    readonly problems: InputProblem[],
    message = `${plural(problems.length, 'problem')} in seed files:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
  ) {
    super('INPUT_INVALID', message);
    this.name = 'SeedValidationError';
  }
}

/** A bulk input has problems (the first ones of `total`); nothing was written. */
export class BulkValidationError extends SeedValidationError {
  constructor(
    problems: InputProblem[],
    readonly total: number,
  ) {
    const more = total > problems.length ? ` (the first ${problems.length} shown)` : '';
    super(problems, `${plural(total, 'problem')} in the input${more}, nothing was written:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
    this.name = 'BulkValidationError';
  }
}

/** Source documents that cannot be extracted at all (of no known kind, damaged, too large): nothing of the run is written. */
export class ExtractionError extends EcographError {
  constructor(readonly problems: { file: string; message: string }[]) {
    super('INPUT_INVALID', `${plural(problems.length, 'document')} could not be extracted:\n${problems.map((p) => `  ${p.file}: ${p.message}`).join('\n')}`);
    this.name = 'ExtractionError';
  }
}

/** A seed file's write failed after validation passed; the files before it may have been committed. */
export class SeedImportError extends EcographError {
  constructor(
    readonly file: string,
    readonly committedFiles: string[],
    cause: unknown,
  ) {
    const committed = committedFiles.length ? `committed before it: ${committedFiles.join(', ')}` : 'no file was committed';
    super('IMPORT_FAILED', `Import of ${file} failed, nothing of it was written (${committed}): ${messageOf(cause)}`, {}, { cause });
    this.name = 'SeedImportError';
  }
}

/** A bulk write failed after validation: the batches before it are committed and re-running completes the import. */
export class BulkImportError extends EcographError {
  constructor(committed: { batches: number; records: number }, lastWritten: string | undefined, singleTransaction: boolean, cause: unknown) {
    const state = singleTransaction
      ? 'nothing was written (single transaction, rolled back)'
      : committed.batches === 0
        ? 'no batch was committed'
        : `${committed.batches} batch${committed.batches === 1 ? ' was' : 'es were'} committed (${committed.records} records, up to ${lastWritten}); the import merges by key, so running it again completes it`;
    super('IMPORT_FAILED', `Bulk import failed, ${state}: ${messageOf(cause)}`, {}, { cause });
    this.name = 'BulkImportError';
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
