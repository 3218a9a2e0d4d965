import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { Driver } from 'neo4j-driver';
import { autoCommitReads } from '../neo4j/auto-commit';
import { captureQueries, dbHits } from './capture';
import { type ImportBenchResult, importMarkdown } from './import-bench';
import { dbHitsTargetMet, latencyTargetMet, type Percentiles, percentiles, round } from './stats';
import { chooseParameters, plain, type Workload, workloads } from './workloads';

export interface LatencyRun extends Percentiles {
  requestsPerSecond: number;
}

export interface ConcurrencyResult {
  concurrency: number;
  graphql: LatencyRun & { errors: number; non2xx: number };
  raw: LatencyRun;
  /** GraphQL p50 / raw p50 */
  ratioP50: number;
  latencyTargetMet: boolean;
}

export interface WorkloadResult {
  name: string;
  description: string;
  /** The GraphQL answer and the hand-written one agree in substance (checked before timing). */
  matched: boolean;
  substance: { graphql: unknown; raw: unknown } | undefined;
  dbHits: { generated: number; handWritten: number; generatedQueries: number; targetMet: boolean; answerSize: number };
  /** Measured with the response cache off. */
  runs: ConcurrencyResult[];
  /** The same request repeated against a service with the response cache on, at each concurrency. */
  cached?: (LatencyRun & { concurrency: number })[];
}

export interface WorkloadOptions {
  /** The service's base URL (http://127.0.0.1:port). */
  url: string;
  /** A service on the same database with the response cache on (the one at `url` has it off). */
  cachedUrl?: string;
  driver: Driver;
  database: string;
  seconds: number;
  concurrencies: number[];
  searchText?: string;
  log?: (line: string) => void;
}

async function postGraphql(url: string, body: string): Promise<unknown> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const answer = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
  if (response.status !== 200 || answer.errors)
    throw new Error(`GraphQL answered ${response.status}: ${JSON.stringify(answer.errors ?? answer).slice(0, 500)}`);
  return answer.data;
}

/** The hand-written query run as the service runs its reads (src/neo4j/auto-commit.ts): one auto-commit statement in a session of its own. */
async function rawOnce(driver: Driver, database: string, workload: Workload) {
  const session = autoCommitReads(driver).session({ database, defaultAccessMode: 'READ', bookmarkManager: driver.executeQueryBookmarkManager });
  try {
    return await session.executeRead((tx) => tx.run(workload.raw.cypher, workload.raw.params));
  } finally {
    await session.close();
  }
}

async function runRaw(driver: Driver, database: string, workload: Workload) {
  const { records } = await rawOnce(driver, database, workload);
  return records.map((r) => plain(r.toObject()));
}

/**
 * autocannon, run in a worker thread: the service under test runs in the bench's own process
 * (src/bench/cli.ts), and a load generator on the same event loop would take the server's
 * thread from it (parsing responses, sending requests), as the raw loop's client does not take
 * Neo4j's. It posts back the time of every 200 response, from autocannon's own per-response
 * timer (process.hrtime, fractions of a millisecond; only its histogram rounds to whole ms).
 * With a window (`duration`) it counts, like the raw loop, what completed within the window;
 * with `amount` (the fallback when nothing did) one request per connection, however long.
 */
const AUTOCANNON_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const autocannon = require(workerData.autocannon);
const samples = [];
const instance = autocannon(workerData.options);
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode === 200) samples.push(responseTime);
});
instance.then(
  (result) => parentPort.postMessage({ samples, total: result.requests.total, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }),
  (error) => parentPort.postMessage({ error: String(error && error.stack || error) }),
);
`;

interface AutocannonRun {
  samples: number[];
  total: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function autocannonInWorker(options: Record<string, unknown>): Promise<AutocannonRun> {
  const worker = new Worker(AUTOCANNON_WORKER, { eval: true, workerData: { autocannon: require.resolve('autocannon'), options } });
  try {
    const message = await new Promise<AutocannonRun & { error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the autocannon worker exited (${code}) without a result`)));
    });
    if (message.error) throw new Error(`autocannon: ${message.error}`);
    return message;
  } finally {
    await worker.terminate();
  }
}

/** Longest one request may take before autocannon counts it as a time-out (its default is 10 s). */
const REQUEST_TIMEOUT_S = 120;

/** HTTP load with autocannon: `concurrency` connections, each sending its next request when the last is answered. */
async function measureGraphql(url: string, body: string, concurrency: number, seconds: number) {
  const options = {
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: concurrency,
    timeout: REQUEST_TIMEOUT_S,
  };
  let run = await autocannonInWorker({ ...options, duration: seconds });
  let elapsed = seconds;
  if (run.samples.length === 0) {
    // Nothing completed within the window (each request takes longer): time one per connection.
    const started = performance.now();
    run = await autocannonInWorker({ ...options, amount: concurrency });
    elapsed = (performance.now() - started) / 1000;
  }
  return {
    ...percentiles(run.samples),
    requestsPerSecond: round(run.samples.length / elapsed, 1),
    errors: run.errors + run.timeouts,
    non2xx: run.non2xx,
  };
}

/**
 * The hand-written query through neo4j-driver (rawOnce): `concurrency` loops, each sequential, for `seconds`.
 * As autocannon does, it counts what completed within the window; when nothing did, the one query
 * each loop started.
 */
async function measureRaw(driver: Driver, database: string, workload: Workload, concurrency: number, seconds: number): Promise<LatencyRun> {
  const samples: { time: number; ended: number }[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const begun = performance.now();
      await rawOnce(driver, database, workload);
      const ended = performance.now();
      samples.push({ time: ended - begun, ended });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const inWindow = samples.filter((s) => s.ended <= deadline);
  if (inWindow.length > 0) return { ...percentiles(inWindow.map((s) => s.time)), requestsPerSecond: round(inWindow.length / seconds, 1) };
  const elapsed = (Math.max(...samples.map((s) => s.ended)) - started) / 1000;
  return { ...percentiles(samples.map((s) => s.time)), requestsPerSecond: round(samples.length / elapsed, 1) };
}

/**
 * One request through GraphQL with every query the server ran for it captured and PROFILEd (the
 * sum of their database hits), and the hand-written Cypher run and PROFILEd.
 */
async function answerOnce(url: string, driver: Driver, database: string, workload: Workload) {
  const body = JSON.stringify(workload.graphql);
  // Once before capturing, so that what the server runs once ever (@neo4j/graphql's check of the
  // Neo4j version on its first request) is not counted as part of this answer.
  await postGraphql(url, body);
  let graphqlData: unknown;
  const captured = await captureQueries(async () => {
    graphqlData = await postGraphql(url, body);
  });
  const rawRows = await runRaw(driver, database, workload);
  let generated = 0;
  for (const query of captured) generated += await dbHits(driver, database, query);
  const handWritten = await dbHits(driver, database, { cypher: workload.raw.cypher, params: workload.raw.params });
  return { graphqlData, rawRows, generated, handWritten, generatedQueries: captured.length, answerSize: workload.answerSize(graphqlData) };
}

/** Database hits of one request, GraphQL and hand-written, and the size of its answer (Workload.answerSize). */
export interface ScaledHits {
  generated: number;
  handWritten: number;
  answerSize: number;
}

/** Database hits of one request per workload: how cost grows with the graph (see scaledHitsMarkdown). */
export async function measureDbHits(url: string, driver: Driver, database: string, searchText?: string): Promise<Record<string, ScaledHits>> {
  const hits: Record<string, ScaledHits> = {};
  for (const workload of workloads(await chooseParameters(driver, database, searchText))) {
    const { generated, handWritten, answerSize } = await answerOnce(url, driver, database, workload);
    hits[workload.name] = { generated, handWritten, answerSize };
  }
  return hits;
}

/**
 * Every workload: checks once that GraphQL and the hand-written Cypher give the same answer,
 * compares their database hits (PROFILE of everything the server ran for one request vs of the
 * hand-written query), then times both at each concurrency.
 */
export async function runWorkloads(options: WorkloadOptions): Promise<WorkloadResult[]> {
  const { url, cachedUrl, driver, database, seconds, concurrencies, log = () => {} } = options;
  const parameters = await chooseParameters(driver, database, options.searchText);
  log(`parameters: ${JSON.stringify(parameters)}`);
  const results: WorkloadResult[] = [];
  for (const workload of workloads(parameters)) {
    const body = JSON.stringify(workload.graphql);
    const { graphqlData, rawRows, generated, handWritten, generatedQueries, answerSize } = await answerOnce(url, driver, database, workload);
    // Through JSON, so only values count (not prototypes or key order).
    const substance = JSON.parse(JSON.stringify({ graphql: workload.graphqlSubstance(graphqlData), raw: workload.rawSubstance(rawRows) })) as {
      graphql: unknown;
      raw: unknown;
    };
    const matched = isDeepStrictEqual(substance.graphql, substance.raw);
    if (!matched) log(`${workload.name}: answers differ: ${JSON.stringify(substance).slice(0, 1000)}`);

    // Warm both paths (plans cached, pages in memory) before timing.
    for (let i = 0; i < 3; i++) {
      await postGraphql(url, body);
      await runRaw(driver, database, workload);
    }
    const runs: ConcurrencyResult[] = [];
    for (const concurrency of concurrencies) {
      const graphql = await measureGraphql(url, body, concurrency, seconds);
      const raw = await measureRaw(driver, database, workload, concurrency, seconds);
      runs.push({ concurrency, graphql, raw, ratioP50: round(graphql.p50 / raw.p50), latencyTargetMet: latencyTargetMet(graphql.p50, raw.p50) });
      log(`${workload.name} c=${concurrency}: GraphQL p50 ${round(graphql.p50)} ms, raw p50 ${round(raw.p50)} ms`);
    }
    let cached: WorkloadResult['cached'];
    if (cachedUrl) {
      cached = [];
      await postGraphql(cachedUrl, body);
      for (const concurrency of concurrencies) {
        const { errors: _errors, non2xx: _non2xx, ...run } = await measureGraphql(cachedUrl, body, concurrency, seconds);
        cached.push({ ...run, concurrency });
        log(`${workload.name} cache on, c=${concurrency}: p50 ${round(run.p50)} ms, ${run.requestsPerSecond} req/s`);
      }
    }
    results.push({
      name: workload.name,
      description: workload.description,
      matched,
      substance: matched ? undefined : substance,
      dbHits: { generated, handWritten, generatedQueries, targetMet: dbHitsTargetMet(generated, handWritten), answerSize },
      runs,
      ...(cached ? { cached } : {}),
    });
  }
  return results;
}

export interface BenchReport {
  date: string;
  scale: number;
  seed: number;
  seconds: number;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; neo4j?: string };
  import?: ImportBenchResult;
  workloads: WorkloadResult[];
  /** Database hits of one request per workload on the graph a tenth the size (the import's smaller input). */
  smallerScale?: { scale: number; dbHits: Record<string, ScaledHits> };
}

/** Target of the performance issue: a page's or a neighbourhood's cost at 10× the graph ≤ 1.5× (the answer is as large). */
export const SCALED_HITS_TARGET = 1.5;

/** Database hits at both scales, their ratio and the target. */
export function scaledHitsMarkdown(report: BenchReport): string {
  const small = report.smallerScale!;
  const lines = [
    `| workload | db hits at ${small.scale} | at ${report.scale} | ratio | answer size at ${small.scale} / ${report.scale} | hand-written at ${small.scale} / ${report.scale} | ratio ≤ ${SCALED_HITS_TARGET}× |`,
    '|---|---:|---:|---:|---:|---:|:---:|',
  ];
  for (const w of report.workloads) {
    const before = small.dbHits[w.name];
    if (!before) continue;
    const ratio = round(w.dbHits.generated / Math.max(1, before.generated));
    const target = ratio <= SCALED_HITS_TARGET ? 'ok' : '**miss**';
    lines.push(
      `| ${w.name} | ${before.generated} | ${w.dbHits.generated} | ${ratio}× | ${before.answerSize} / ${w.dbHits.answerSize} | ${before.handWritten} / ${w.dbHits.handWritten} | ${target} |`,
    );
  }
  return lines.join('\n');
}

const ms = (n: number) => (Number.isFinite(n) ? round(n, n < 10 ? 2 : 1).toString() : '–');

export function markdownTable(workloads: WorkloadResult[]): string {
  const lines = [
    '| workload | conc. | GraphQL p50 | p90 | p99 | req/s | raw p50 | p90 | p99 | ratio p50 | db hits generated / hand-written | answers match | targets (latency, db hits) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|:---:|',
  ];
  for (const w of workloads) {
    for (const r of w.runs) {
      lines.push(
        `| ${w.name} | ${r.concurrency} | ${ms(r.graphql.p50)} | ${ms(r.graphql.p90)} | ${ms(r.graphql.p99)} | ${r.graphql.requestsPerSecond} | ${ms(r.raw.p50)} | ${ms(r.raw.p90)} | ${ms(r.raw.p99)} | ${r.ratioP50}× | ${w.dbHits.generated} / ${w.dbHits.handWritten} (${w.dbHits.generatedQueries} quer${w.dbHits.generatedQueries === 1 ? 'y' : 'ies'}) | ${w.matched ? 'yes' : '**no**'} | ${r.latencyTargetMet ? 'ok' : '**miss**'}, ${w.dbHits.targetMet ? 'ok' : '**miss**'} |`,
      );
    }
  }
  const cached = workloads.filter((w) => w.cached);
  if (cached.length > 0) {
    lines.push('', '| workload, the same request repeated, response cache on | conc. | p50 | p90 | p99 | req/s |', '|---|---:|---:|---:|---:|---:|');
    for (const w of cached)
      for (const run of w.cached!)
        lines.push(`| ${w.name} | ${run.concurrency} | ${ms(run.p50)} | ${ms(run.p90)} | ${ms(run.p99)} | ${run.requestsPerSecond} |`);
  }
  return lines.join('\n');
}

export function markdownReport(report: BenchReport): string {
  const m = report.machine;
  const imp = report.import;
  return [
    `# ecograph benchmark, ${report.date}`,
    '',
    `Scale ${report.scale} nodes (seed ${report.seed}), ${report.seconds} s per measurement; ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}${m.neo4j ? `, Neo4j ${m.neo4j}` : ''}.`,
    'Latencies in ms. GraphQL: autocannon over HTTP; raw: the hand-written Cypher through neo4j-driver at the same concurrency.',
    '',
    ...(imp ? ['## Import', '', importMarkdown(imp), '', '## API', ''] : []),
    markdownTable(report.workloads),
    '',
    ...(report.smallerScale ? ['## Cost as the graph grows 10×', '', scaledHitsMarkdown(report), ''] : []),
    'Targets: GraphQL p50 ≤ 1.5× raw p50 when raw ≥ 5 ms, else ≤ raw + 2 ms; generated db hits ≤ 1.5× hand-written.',
    '',
  ].join('\n');
}

/** Writes bench/results/<date>.json and .md; returns their paths. */
export function writeReport(report: BenchReport, dir: string): { json: string; markdown: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${report.date}.json`);
  const markdown = path.join(dir, `${report.date}.md`);
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(markdown, markdownReport(report));
  return { json, markdown };
}

export function machine(neo4jVersion?: string): BenchReport['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.versions.node,
    ...(neo4jVersion ? { neo4j: neo4jVersion } : {}),
  };
}
