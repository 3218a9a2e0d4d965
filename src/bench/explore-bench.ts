#!/usr/bin/env node
/**
 * `npm run bench:explore`: how fast the explorer draws and lays out a large network. Generates a
 * graph, imports it into a Neo4j of its own, finds a view of 2 000 nodes and 10 000 edges, and
 * opens it in headless Chromium several times: time to first draw and to a settled layout, each
 * from the start of navigation (API requests included) and from the data's arrival.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Command } from 'commander';
import type { Driver } from 'neo4j-driver';
import { integerAtLeast } from '../cli/arguments';
import { loadConfig } from '../config/env';
import { generateGraph } from '../generate/generator';
import { writeGraph } from '../generate/write';
import { importBulk } from '../importer/bulk/import-bulk';
import { createLogger } from '../logging';
import { connectionEnvironment, createDriver } from '../neo4j/driver';
import { ManagedNeo4j } from '../neo4j/managed/managed-neo4j';
import { packageRoot } from '../paths';
import { loadModel } from '../schema-files';
import { explorerBundleDir } from '../server/explorer';
import { type RunningService, startService } from '../service';
import { launchChromium } from './chromium';
import { startScratchNeo4j } from '../neo4j/managed/scratch';
import { machine } from './harness';
import { percentiles, round } from './stats';

/** The issue's size and target. */
export const EXPLORE_TARGET = { nodes: 2000, edges: 10_000, ms: 3000 };

interface Options {
  scale: number;
  seed: number;
  runs: number;
  out: string;
  heapSize: string;
  pagecacheSize: string;
}

export interface ExploreRun {
  /** Navigation start → the network drawn: the first frame with every node (a large network's edges join it when its layout settles). */
  firstDrawMs: number;
  /** Navigation start → the layout settled and drawn. */
  settledMs: number;
  /** Navigation start → the API's answer parsed. */
  dataMs: number;
  iterations: number;
  nodes: number;
  edges: number;
}

export interface ExploreReport {
  date: string;
  scale: number;
  seed: number;
  machine: ReturnType<typeof machine>;
  /** The machine's 1-minute load average before and after the runs (it is shared: other work slows the page). */
  loadAverage: { before: number; after: number };
  view: string;
  runs: ExploreRun[];
  /** Medians over the runs (the first, which warms the server's and the browser's caches, left out). */
  median: { firstDrawMs: number; settledMs: number; dataMs: number; dataToFirstDrawMs: number; dataToSettledMs: number; iterations: number };
  bundle: { file: string; bytes: number; gzipBytes: number }[];
  targetsMet: { firstDraw: boolean; settled: boolean };
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (
      (await fetch(`${url}/health/ready`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the service was not ready within ${timeoutMs / 1000} s`);
}

async function networkSize(url: string, around: string | null, hops: number): Promise<{ nodes: number; totalEdges: number }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query($around: ID, $hops: Int) { collaborationNetwork(around: $around, hops: $hops, nodeLimit: 2000, edgeLimit: 0) { nodes { id } totalEdges } }',
      variables: { around, hops },
    }),
  });
  const body = (await response.json()) as { data?: { collaborationNetwork: { nodes: unknown[]; totalEdges: number } }; errors?: unknown };
  if (!body.data) throw new Error(`the network query failed: ${JSON.stringify(body.errors)}`);
  return { nodes: body.data.collaborationNetwork.nodes.length, totalEdges: body.data.collaborationNetwork.totalEdges };
}

/**
 * A view of the generated graph with at least 2 000 nodes and 10 000 edges: around one of its
 * busiest regions, or the whole graph. The explorer then draws 2 000 nodes (its node cap) and the
 * 10 000 heaviest edges (its edge cap for that many nodes).
 */
async function findView(url: string, driver: Driver, database: string): Promise<string> {
  const { records } = await driver.executeQuery(
    'MATCH (r:Region) RETURN r.key AS key ORDER BY COUNT { (r)-[:PARTICIPATES_IN|COORDINATES]->() } DESC, r.key LIMIT 3',
    {},
    { database },
  );
  const candidates: [string | null, number][] = [
    ...records.flatMap((r) => [[r.get('key') as string, 1] as [string, number], [r.get('key') as string, 2] as [string, number]]),
    [null, 1],
  ];
  for (const [around, hops] of candidates) {
    const size = await networkSize(url, around, hops);
    if (size.nodes >= EXPLORE_TARGET.nodes && size.totalEdges >= EXPLORE_TARGET.edges) {
      const params = new URLSearchParams({ ...(around ? { around, hops: String(hops) } : {}), nodes: String(EXPLORE_TARGET.nodes) });
      return `?${params.toString()}`;
    }
  }
  throw new Error('no view of the generated graph has 2 000 nodes and 10 000 edges: raise --scale');
}

function bundleSizes(): ExploreReport['bundle'] {
  return ['explorer.js', 'layout-worker.js', 'explorer-style.css'].map((file) => {
    const bytes = fs.readFileSync(path.join(explorerBundleDir, file));
    return { file, bytes: bytes.length, gzipBytes: zlib.gzipSync(bytes, { level: 9 }).length };
  });
}

async function measure(url: string, view: string, runs: number, log: (line: string) => void): Promise<ExploreRun[]> {
  const browser = await launchChromium();
  try {
    const results: ExploreRun[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${url}/explore${view}`);
      await page.waitForSelector('#graph[data-layout="settled"]', { timeout: 120_000 });
      // Marks are milliseconds from the start of navigation (performance.timeOrigin).
      const marks = new Map(await page.evaluate(() => performance.getEntriesByType('mark').map((m) => [m.name, m.startTime] as [string, number])));
      const attribute = async (name: string) => Number(await page.locator('#graph').getAttribute(`data-${name}`));
      const run: ExploreRun = {
        firstDrawMs: marks.get('explorer:first-draw') ?? NaN,
        settledMs: marks.get('explorer:settled') ?? NaN,
        dataMs: marks.get('explorer:data') ?? NaN,
        iterations: await attribute('iterations'),
        nodes: await attribute('nodes'),
        edges: await attribute('edges'),
      };
      await page.close();
      if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`);
      const rounded: ExploreRun = { ...run, firstDrawMs: round(run.firstDrawMs, 0), settledMs: round(run.settledMs, 0), dataMs: round(run.dataMs, 0) };
      log(
        `run ${i + 1}/${runs}: ${rounded.nodes} nodes, ${rounded.edges} edges; data ${rounded.dataMs} ms, first draw ${rounded.firstDrawMs} ms, settled ${rounded.settledMs} ms (${rounded.iterations} iterations)`,
      );
      results.push(rounded);
    }
    return results;
  } finally {
    await browser.close();
  }
}

export function exploreMarkdown(report: ExploreReport): string {
  const m = report.median;
  const ok = (met: boolean) => (met ? 'met' : '**missed**');
  const bundle = report.bundle.map((b) => `| ${b.file} | ${round(b.bytes / 1024, 0)} KiB | ${round(b.gzipBytes / 1024, 0)} KiB |`).join('\n');
  return `# Explorer benchmark, ${report.date}

Generated graph: scale ${report.scale}, seed ${report.seed}; view \`/explore${report.view}\`
(${report.runs[0]?.nodes ?? 0} nodes, ${report.runs[0]?.edges ?? 0} edges drawn). Headless Chromium (SwiftShader WebGL, no GPU);
${report.machine.cpus} cores (${report.machine.cpuModel}), Node ${report.machine.node}, load average ${report.loadAverage.before} before the runs and
${report.loadAverage.after} after (the machine is shared). Medians of ${report.runs.length - 1} runs after a warm-up run.

| measure | from navigation | from the data's arrival | target |
|---|---:|---:|---|
| first draw | ${m.firstDrawMs} ms | ${m.dataToFirstDrawMs} ms | < ${EXPLORE_TARGET.ms} ms: ${ok(report.targetsMet.firstDraw)} |
| settled layout (${m.iterations} ForceAtlas2 iterations) | ${m.settledMs} ms | ${m.dataToSettledMs} ms | < ${EXPLORE_TARGET.ms} ms: ${ok(report.targetsMet.settled)} |
| the API's answer (all edge pages) | ${m.dataMs} ms | | |

| bundle file | size | gzip |
|---|---:|---:|
${bundle}

Runs: ${report.runs.map((r) => `${r.firstDrawMs} / ${r.settledMs} ms`).join(', ')} (first draw / settled).
`;
}

async function bench(opts: Options): Promise<void> {
  const log = (line: string) => console.log(`[bench:explore] ${line}`);
  if (!fs.existsSync(path.join(explorerBundleDir, 'explorer.js'))) throw new Error('the explorer is not built: run npm run build');
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-bench-explore-'));
  let neo4j: ManagedNeo4j | undefined;
  let driver: Driver | undefined;
  let service: RunningService | undefined;
  const cleanUp = async () => {
    await service?.stop().catch(() => {});
    await driver?.close().catch(() => {});
    await neo4j?.stop().catch(() => {});
    fs.rmSync(temp, { recursive: true, force: true });
  };
  const onSignal = () => void cleanUp().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    log(`starting a Neo4j of its own in ${temp}`);
    neo4j = await startScratchNeo4j(temp, opts);
    const { connection } = neo4j;
    driver = createDriver(connection);
    log(`generating scale ${opts.scale} (seed ${opts.seed}) and importing it`);
    const [file] = writeGraph(generateGraph({ scale: opts.scale, seed: opts.seed }), path.join(temp, 'generated'), 'jsonl');
    const model = loadModel();
    await importBulk({ driver, database: connection.database, model }, [file!]);
    await driver.executeQuery('CALL db.awaitIndexes(600)', {}, { database: connection.database });
    service = await startService(
      loadConfig({ ...process.env, ...connectionEnvironment(connection), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
      { model, examples: [] },
      createLogger('silent'),
    );
    await waitReady(service.url, 120_000);
    const view = await findView(service.url, driver, connection.database);
    log(`view /explore${view}; ${opts.runs} runs, the first a warm-up`);
    const loadBefore = os.loadavg()[0]!;
    const runs = await measure(service.url, view, opts.runs, log);
    const loadAfter = os.loadavg()[0]!;
    const measured = runs.slice(1);
    const median = (pick: (r: ExploreRun) => number) => percentiles(measured.map(pick)).p50;
    const report: ExploreReport = {
      date: new Date().toISOString().slice(0, 10),
      scale: opts.scale,
      seed: opts.seed,
      machine: machine(neo4j.neo4jVersion),
      loadAverage: { before: round(loadBefore, 1), after: round(loadAfter, 1) },
      view,
      runs,
      median: {
        firstDrawMs: median((r) => r.firstDrawMs),
        settledMs: median((r) => r.settledMs),
        dataMs: median((r) => r.dataMs),
        dataToFirstDrawMs: median((r) => r.firstDrawMs - r.dataMs),
        dataToSettledMs: median((r) => r.settledMs - r.dataMs),
        iterations: median((r) => r.iterations),
      },
      bundle: bundleSizes(),
      targetsMet: { firstDraw: false, settled: false },
    };
    report.targetsMet = { firstDraw: report.median.firstDrawMs < EXPLORE_TARGET.ms, settled: report.median.settledMs < EXPLORE_TARGET.ms };
    fs.mkdirSync(opts.out, { recursive: true });
    const base = path.join(opts.out, `${report.date}-explore`);
    fs.writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(`${base}.md`, exploreMarkdown(report));
    console.log(`\n${exploreMarkdown(report)}`);
    log(`wrote ${base}.json and ${base}.md`);
    if (!report.targetsMet.firstDraw || !report.targetsMet.settled) process.exitCode = 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

new Command('bench:explore')
  .description('Measures the explorer drawing and laying out a 2 000-node, 10 000-edge network in headless Chromium')
  .option('--scale <n>', 'approximate number of nodes of the generated graph', integerAtLeast(100), 20_000)
  .option('--seed <s>', 'generator seed', integerAtLeast(0), 1)
  .option('--runs <n>', 'page loads, the first a warm-up', integerAtLeast(2), 6)
  .option('--out <dir>', 'results folder', path.join(packageRoot, 'bench', 'results'))
  .option('--heap-size <size>', "the bench Neo4j's heap", '1g')
  .option('--pagecache-size <size>', "the bench Neo4j's page cache", '512m')
  .action(bench)
  .parseAsync()
  .catch((error: unknown) => {
    console.error(`bench:explore: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  });
