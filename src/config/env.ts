import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../paths';

/**
 * The whole configuration of ecograph, read once from the environment at start-up.
 * Every variable is documented in `.env.example` and the README.
 */
export interface Config {
  http: { host: string; port: number };
  neo4j: ExternalNeo4j | ManagedNeo4j;
  /** Root of the git-ignored data folder: databases, logs, the generated password. */
  dataDir: string;
  /** Git-ignored folder for downloaded runtimes (the managed Neo4j's jars). */
  cacheDir: string;
  logLevel: LogLevel;
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

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

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
});

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

  return {
    http: { host: e.HOST, port: e.PORT },
    neo4j,
    dataDir: path.resolve(cwd, e.ECOGRAPH_DATA_DIR),
    cacheDir: e.ECOGRAPH_CACHE_DIR ? path.resolve(cwd, e.ECOGRAPH_CACHE_DIR) : path.join(packageRoot, '.cache'),
    logLevel: e.LOG_LEVEL,
  };
}
