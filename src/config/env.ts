import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { packageRoot } from '../paths';

/**
 * The whole configuration of ecograph, read once from the environment at start-up.
 * Every variable is documented in `.env.example` and the README.
 */
export interface Config {
  /** NODE_ENV=production: introspection off unless asked for, no field suggestions in responses. */
  production: boolean;
  /**
   * NODE_ENV=development or ECOGRAPH_DEBUG=true: error answers carry stack traces and the
   * libraries' own messages. Otherwise never: an answer says the code, a message and the request id.
   */
  debug: boolean;
  http: { host: string; port: number; maxBodyBytes: number; corsOrigins: string[] };
  auth: AuthConfig;
  limits: QueryLimits;
  /** Answers of read queries, kept by operation, variables, roles and the graph's generation (src/server/response-cache.ts); 0 MB: off. */
  responseCache: { maxBytes: number; ttlSeconds: number };
  neo4j: ExternalNeo4j | ManagedNeo4j;
  /** Root of the git-ignored data folder: databases, logs, the generated password. */
  dataDir: string;
  /** Git-ignored folder for downloaded runtimes (the managed Neo4j's jars). */
  cacheDir: string;
  logLevel: LogLevel;
  /** LOG_FORMAT: pretty (one coloured line per event), json (JSON lines), or auto: pretty on a terminal. */
  logFormat: LogFormat;
}

export interface ExternalNeo4j {
  mode: 'external';
  uri: string;
  username: string;
  password: string;
  database: string;
}

export interface ManagedNeo4j {
  mode: 'managed';
  database: string;
  boltPort: number;
  heapSize: string;
  pageCacheSize: string;
  startTimeoutMs: number;
}

export interface AuthConfig {
  /** HS256 shared secret; or */
  jwtSecret?: string;
  /** a JWKS URL for asymmetric keys (RS256, ES256, …). */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Where the roles are in the token: a claim name or a dotted path (realm_access.roles). */
  rolesClaim: string;
  /** Reading needs a valid token too (by default reading is public). */
  requireForRead: boolean;
}

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Longest one database transaction may run: Neo4j stops it then (504). */
  queryTimeoutMs: number;
  /**
   * Longest a request may wait for the database in all, enforced by ecograph itself: when Neo4j
   * has not answered by then (frozen, unreachable, every connection busy), the request is answered.
   */
  requestTimeoutMs: number;
  introspection: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const NEO4J_URI = /^(bolt|neo4j)(\+s|\+ssc)?:\/\/[^\s/]+(:\d+)?\/?$/;
const MEMORY_SIZE = /^\d+[kmg]$/i;
// Neo4j database names: 3–63 chars, lower-case ASCII letters, digits, dots and dashes.
const DATABASE_NAME = /^[a-z][a-z0-9.-]{2,62}$/;

const port = (what: string) =>
  z.coerce
    .number({ error: `expected ${what} as a whole number from 0 to 65535` })
    .int({ error: `expected ${what} as a whole number from 0 to 65535` })
    .min(0, { error: `expected ${what} as a whole number from 0 to 65535` })
    .max(65535, { error: `expected ${what} as a whole number from 0 to 65535` });

const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` });

const flag = z.enum(['true', 'false'], { error: 'expected true or false' }).transform((v) => v === 'true');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

const envSchema = z.object({
  HOST: z.string().min(1, { error: 'expected a host name or IP address to listen on, e.g. 127.0.0.1' }).default('127.0.0.1'),
  PORT: port('a TCP port').default(4000),
  NEO4J_URI: optionalText.pipe(
    z
      .string()
      .regex(NEO4J_URI, {
        error: 'expected bolt://host:port, neo4j://host:port, or their +s / +ssc forms (e.g. neo4j+s://xxxx.databases.neo4j.io)',
      })
      .optional(),
  ),
  NEO4J_USERNAME: z.string().min(1, { error: 'expected a user name' }).default('neo4j'),
  NEO4J_PASSWORD: optionalText,
  NEO4J_DATABASE: z
    .string()
    .regex(DATABASE_NAME, { error: 'expected a Neo4j database name: 3-63 lower-case letters, digits, dots or dashes' })
    .default('neo4j'),
  NEO4J_BOLT_PORT: port('a TCP port for the managed Neo4j').default(7687),
  NEO4J_HEAP_SIZE: z.string().regex(MEMORY_SIZE, { error: 'expected a size such as 512m or 2g' }).default('2g'),
  NEO4J_PAGECACHE_SIZE: z.string().regex(MEMORY_SIZE, { error: 'expected a size such as 512m or 2g' }).default('2g'),
  NEO4J_START_TIMEOUT_MS: z.coerce
    .number({ error: 'expected milliseconds as a whole number' })
    .int({ error: 'expected milliseconds as a whole number' })
    .min(1000, { error: 'expected at least 1000 ms' })
    .default(120_000),
  ECOGRAPH_DATA_DIR: z.string().min(1, { error: 'expected a folder path' }).default('data'),
  ECOGRAPH_CACHE_DIR: optionalText,
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS, { error: `expected one of ${LOG_FORMATS.join(', ')}` }).default('auto'),
  NODE_ENV: optionalText,
  HTTP_MAX_BODY_BYTES: wholeNumber(1024, 100 * 1024 * 1024).default(256 * 1024),
  CORS_ORIGINS: optionalText.pipe(
    z
      .string()
      .regex(/^\s*https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*\s*$/, {
        error: 'expected a comma-separated list of origins such as https://dash.example.org,http://localhost:3000',
      })
      .optional(),
  ),
  AUTH_JWT_SECRET: optionalText.pipe(z.string().min(32, { error: 'expected a secret of at least 32 characters' }).optional()),
  AUTH_JWKS_URL: optionalText.pipe(
    z
      .string()
      .regex(/^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/)/, { error: 'expected an https:// URL (http:// only on localhost)' })
      .optional(),
  ),
  AUTH_ISSUER: optionalText,
  AUTH_AUDIENCE: optionalText,
  AUTH_ROLES_CLAIM: z
    .string()
    .regex(/^[\w:/.-]+$/, { error: 'expected a claim name or a dotted path, e.g. roles or realm_access.roles' })
    .default('roles'),
  AUTH_REQUIRE_FOR_READ: flag.default(false),
  GRAPHQL_MAX_DEPTH: wholeNumber(1, 100).default(12),
  GRAPHQL_MAX_COST: wholeNumber(1, 100_000_000).default(50_000),
  GRAPHQL_MAX_ALIASES: wholeNumber(0, 1000).default(30),
  GRAPHQL_MAX_DIRECTIVES: wholeNumber(0, 1000).default(20),
  GRAPHQL_MAX_TOKENS: wholeNumber(100, 1_000_000).default(5_000),
  GRAPHQL_INTROSPECTION: flag.optional(),
  NEO4J_QUERY_TIMEOUT_MS: wholeNumber(100, 600_000).default(10_000),
  REQUEST_TIMEOUT_MS: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), wholeNumber(1_000, 660_000).optional()),
  ECOGRAPH_DEBUG: flag.default(false),
  RESPONSE_CACHE_MB: wholeNumber(0, 65_536).default(64),
  RESPONSE_CACHE_TTL_S: wholeNumber(1, 86_400).default(300),
});

/** Neo4j checks its transactions' timeouts every 2 s (db.transaction.monitor.check.interval): its own 504 needs that long to come. */
const REQUEST_TIMEOUT_MARGIN_MS = 5_000;

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration; throws a ConfigError naming every bad variable at once. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const e = parsed.data;

  let neo4j: Config['neo4j'];
  if (e.NEO4J_URI) {
    if (!e.NEO4J_PASSWORD) {
      throw new ConfigError(['NEO4J_PASSWORD: required when NEO4J_URI is set (the password of NEO4J_USERNAME)']);
    }
    neo4j = { mode: 'external', uri: e.NEO4J_URI, username: e.NEO4J_USERNAME, password: e.NEO4J_PASSWORD, database: e.NEO4J_DATABASE };
  } else {
    neo4j = {
      mode: 'managed',
      database: e.NEO4J_DATABASE,
      boltPort: e.NEO4J_BOLT_PORT,
      heapSize: e.NEO4J_HEAP_SIZE.toLowerCase(),
      pageCacheSize: e.NEO4J_PAGECACHE_SIZE.toLowerCase(),
      startTimeoutMs: e.NEO4J_START_TIMEOUT_MS,
    };
  }

  if (e.AUTH_JWT_SECRET && e.AUTH_JWKS_URL) {
    throw new ConfigError(['AUTH_JWT_SECRET and AUTH_JWKS_URL: set one of them, not both']);
  }
  if (e.AUTH_REQUIRE_FOR_READ && !e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL) {
    throw new ConfigError(['AUTH_REQUIRE_FOR_READ=true: needs AUTH_JWT_SECRET or AUTH_JWKS_URL to check tokens with']);
  }
  const requestTimeoutMs = e.REQUEST_TIMEOUT_MS ?? e.NEO4J_QUERY_TIMEOUT_MS + REQUEST_TIMEOUT_MARGIN_MS;
  if (requestTimeoutMs <= e.NEO4J_QUERY_TIMEOUT_MS) {
    throw new ConfigError([
      `REQUEST_TIMEOUT_MS=${requestTimeoutMs}: expected more than NEO4J_QUERY_TIMEOUT_MS (${e.NEO4J_QUERY_TIMEOUT_MS}), so that a query Neo4j stops gets its own answer first`,
    ]);
  }
  const production = e.NODE_ENV === 'production';
  return {
    production,
    debug: e.NODE_ENV === 'development' || e.ECOGRAPH_DEBUG,
    http: {
      host: e.HOST,
      port: e.PORT,
      maxBodyBytes: e.HTTP_MAX_BODY_BYTES,
      corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',').map((o) => o.trim()) : [],
    },
    auth: {
      ...(e.AUTH_JWT_SECRET ? { jwtSecret: e.AUTH_JWT_SECRET } : {}),
      ...(e.AUTH_JWKS_URL ? { jwksUrl: e.AUTH_JWKS_URL } : {}),
      ...(e.AUTH_ISSUER ? { issuer: e.AUTH_ISSUER } : {}),
      ...(e.AUTH_AUDIENCE ? { audience: e.AUTH_AUDIENCE } : {}),
      rolesClaim: e.AUTH_ROLES_CLAIM,
      requireForRead: e.AUTH_REQUIRE_FOR_READ,
    },
    limits: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      queryTimeoutMs: e.NEO4J_QUERY_TIMEOUT_MS,
      requestTimeoutMs,
      introspection: e.GRAPHQL_INTROSPECTION ?? !production,
    },
    responseCache: { maxBytes: e.RESPONSE_CACHE_MB * 1024 * 1024, ttlSeconds: e.RESPONSE_CACHE_TTL_S },
    neo4j,
    dataDir: path.resolve(cwd, e.ECOGRAPH_DATA_DIR),
    cacheDir: e.ECOGRAPH_CACHE_DIR ? path.resolve(cwd, e.ECOGRAPH_CACHE_DIR) : path.join(packageRoot, '.cache'),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}
