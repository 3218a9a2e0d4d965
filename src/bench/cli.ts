#!/usr/bin/env node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { integerAtLeast } from '../cli/arguments';
import { loadConfig } from '../config/env';
import { loadModel } from '../schema-files';
import { DEFAULT_BATCH_SIZE } from '../importer/bulk/import-bulk';
import { createLogger } from '../logging';
import { connectionEnvironment, createDriver } from '../neo4j/driver';
import { ManagedNeo4j } from '../neo4j/managed/managed-neo4j';
import { packageRoot } from '../paths';
import { type RunningService, startService } from '../service';
import { type BenchReport, machine, markdownTable, measureDbHits, runWorkloads, scaledHitsMarkdown, writeReport } from './harness';
import { benchImport, importMarkdown } from './import-bench';
import { startScratchNeo4j } from '../neo4j/managed/scratch';

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = await fetch(`${url}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the service was not ready within ${timeoutMs / 1000} s`);
}

interface BenchOptions {
  scale: number;
  seed: number;
  seconds: number;
  concurrency: string;
  out: string;
  heapSize: string;
  pagecacheSize: string;
  naiveSeconds: number;
  batchSize: number;
  batchSizes: string;
}

async function bench(opts: BenchOptions): Promise<void> {
  const concurrencies = opts.concurrency.split(',').map((c) => integerAtLeast(1)(c.trim()));
  const log = (line: string) => console.log(`[bench] ${line}`);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-bench-'));
  let neo4j: ManagedNeo4j | undefined;
  let service: RunningService | undefined;
  let cachedService: RunningService | undefined;
  let driver: ReturnType<typeof createDriver> | undefined;
  const cleanUp = async () => {
    await service?.stop().catch(() => {});
    await cachedService?.stop().catch(() => {});
    await driver?.close().catch(() => {});
    await neo4j?.stop().catch(() => {});
    fs.rmSync(temp, { recursive: true, force: true });
  };
  const onSignal = () => {
    log('interrupted: stopping');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    log(`starting a Neo4j of its own in ${temp}`);
    neo4j = await startScratchNeo4j(temp, opts);
    const { connection } = neo4j;
    driver = createDriver(connection);
    const model = loadModel();

    const env = {
      ...process.env,
      ...connectionEnvironment(connection),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
    };
    // The comparisons with hand-written Cypher run with the response cache off; a second service, with it on, times repeated requests.
    const uncached = () => startService(loadConfig({ ...env, RESPONSE_CACHE_MB: '0' }), { model, examples: [] }, createLogger('silent'));
    let smallerScale: BenchReport['smallerScale'];
    const imported = await benchImport({
      driver,
      model,
      connection,
      dir: temp,
      scale: opts.scale,
      seed: opts.seed,
      naiveSeconds: opts.naiveSeconds,
      batchSize: opts.batchSize,
      batchSizes: opts.batchSizes ? opts.batchSizes.split(',').map((b) => integerAtLeast(1)(b.trim())) : [],
      log,
      onSmallerGraph: async () => {
        await driver!.executeQuery('CALL db.awaitIndexes(600)', {}, { database: connection.database });
        const small = await uncached();
        try {
          await waitReady(small.url, 120_000);
          smallerScale = { scale: Math.round(opts.scale / 10), dbHits: await measureDbHits(small.url, driver!, connection.database) };
          log(`database hits at a tenth of the scale: ${JSON.stringify(smallerScale.dbHits)}`);
        } finally {
          await small.stop();
        }
      },
    });
    await driver.executeQuery('CALL db.awaitIndexes(600)', {}, { database: connection.database });

    service = await uncached();
    cachedService = await startService(loadConfig(env), { model, examples: [] }, createLogger('silent'));
    await waitReady(service.url, 120_000);
    await waitReady(cachedService.url, 120_000);
    log(`service at ${service.url}; measuring ${concurrencies.join(', ')} concurrent for ${opts.seconds} s each`);

    const workloads = await runWorkloads({
      url: service.url,
      cachedUrl: cachedService.url,
      driver,
      database: connection.database,
      seconds: opts.seconds,
      concurrencies,
      log,
    });
    const report: BenchReport = {
      date: new Date().toISOString().slice(0, 10),
      scale: opts.scale,
      seed: opts.seed,
      seconds: opts.seconds,
      machine: machine(neo4j.neo4jVersion),
      import: imported,
      workloads,
      ...(smallerScale ? { smallerScale } : {}),
    };
    const written = writeReport(report, opts.out);
    console.log(`\n${importMarkdown(imported)}\n\n${markdownTable(workloads)}\n\n${report.smallerScale ? scaledHitsMarkdown(report) : ''}\n`);
    log(`wrote ${written.json} and ${written.markdown}`);
    if (workloads.some((w) => !w.matched)) process.exitCode = 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanUp();
  }
}

new Command('bench')
  .description('Generates a graph, imports it into a Neo4j of its own, and compares GraphQL with hand-written Cypher')
  .option('--scale <n>', 'approximate number of nodes', integerAtLeast(100), 100_000)
  .option('--seed <s>', 'generator seed', integerAtLeast(0), 1)
  .option('--seconds <n>', 'duration of each measurement', integerAtLeast(1), 10)
  .option('--concurrency <list>', 'comma-separated concurrency levels', '1,8')
  .option('--out <dir>', 'results folder', path.join(packageRoot, 'bench', 'results'))
  .option('--naive-seconds <n>', 'how long the naive importer runs per kind of record', integerAtLeast(1), 30)
  .option('--batch-size <n>', 'bulk import batch size', integerAtLeast(1), DEFAULT_BATCH_SIZE)
  .option('--batch-sizes <list>', 'batch sizes to compare on the smaller input (empty: none)', '5000,20000,50000')
  .option('--heap-size <size>', "the bench Neo4j's heap", '2g')
  .option('--pagecache-size <size>', "the bench Neo4j's page cache", '2g')
  .action(bench)
  .parseAsync()
  .catch((error: unknown) => {
    console.error(`bench: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  });
