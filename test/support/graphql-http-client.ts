import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/env';
import { importSeeds } from '../../src/importer/import-seeds';
import { createLogger } from '../../src/logging';
import { packageRoot } from '../../src/paths';
import { type RunningService, startService } from '../../src/service';
import { testConnection, testDriver, testModel, testSchemaFiles } from './database';

export interface GraphQLError {
  message: string;
  extensions?: Record<string, unknown>;
}

/** A GraphQL response body; `TData` is the shape of what the test's operation selects. */
export interface GraphQLBody<TData = unknown> {
  data?: TData;
  errors?: GraphQLError[];
  extensions?: Record<string, unknown>;
}

export interface Answer<TData = unknown> {
  status: number;
  contentType: string;
  /** Parsed JSON, or undefined when the body was not JSON (that is a failure in these suites). */
  body: GraphQLBody<TData> | undefined;
  text: string;
}

/** Starts the service on a free loopback port with extra environment variables; its log lines go to `logs` when given. */
export function startTestService(env: Record<string, string> = {}, logs?: Record<string, unknown>[]): Promise<RunningService> {
  const logger = logs ? createLogger('info', logInto(logs)) : createLogger('silent');
  return startService(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }), testSchemaFiles(), logger);
}

/** A log destination that parses each JSON line into `lines`, for tests that read the log. */
export function logInto(lines: Record<string, unknown>[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
}

/** Loads the seed graph (idempotent). */
export async function loadSeedGraph(): Promise<void> {
  const driver = testDriver();
  try {
    await importSeeds({ driver, database: testConnection().database, model: testModel() }, [path.join(packageRoot, 'seeds')]);
  } finally {
    await driver.close();
  }
}

/** Sends a raw request to /graphql and reads the answer, within a time limit. */
export async function send<TData = unknown>(url: string, init: RequestInit & { search?: string } = {}, timeoutMs = 20_000): Promise<Answer<TData>> {
  const { search, ...rest } = init;
  const response = await fetch(`${url}/graphql${search ?? ''}`, { signal: AbortSignal.timeout(timeoutMs), ...rest });
  const text = await response.text();
  let body: GraphQLBody<TData> | undefined;
  try {
    body = JSON.parse(text) as GraphQLBody<TData>;
  } catch {
    body = undefined;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body, text };
}

/** POSTs one GraphQL operation as JSON. */
export function post<TData = unknown>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
  timeoutMs?: number,
): Promise<Answer<TData>> {
  return send<TData>(
    url,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
    },
    timeoutMs,
  );
}

/** Node and relationship counts and a property checksum: equal before and after means nothing changed. */
export async function graphFingerprint(): Promise<Record<string, number>> {
  const driver = testDriver();
  try {
    const { records } = await driver.executeQuery(
      `CALL { MATCH (n) WHERE NOT n:GraphGeneration RETURN count(n) AS nodes, sum(size(keys(n))) AS nodeKeys, sum(size(labels(n))) AS labels }
       CALL { MATCH ()-[r]->() RETURN count(r) AS relationships, sum(size(keys(r))) AS relationshipKeys }
       RETURN nodes, nodeKeys, labels, relationships, relationshipKeys`,
      {},
      { database: testConnection().database },
    );
    const record = records[0]!;
    return Object.fromEntries(record.keys.map((k) => [String(k), Number(record.get(k))]));
  } finally {
    await driver.close();
  }
}
