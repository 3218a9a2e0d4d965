import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Driver } from 'neo4j-driver';
import { generateGraph } from '../generate/generator';
import { writeGraph } from '../generate/write';
import type { BulkImportSummary } from '../importer/bulk/import-bulk';
import type { GraphModel } from '../graph/model';
import { connectionEnvironment, type Neo4jConnection } from '../neo4j/driver';
import { packageRoot } from '../paths';
import { naiveImport, type NaiveRun } from './naive-import';
import { round } from './stats';

export interface BulkRun {
  /** Entities plus relationships of the input (sources and implied STATED_IN edges not counted). */
  records: number;
  batchSize: number;
  /** End to end: validation and the writes. */
  ms: number;
  perSecond: number;
  validationMs: number;
  writeMs: number;
  maxRssMiB: number;
}

export interface ImportBenchResult {
  input: { scale: number; sources: number; entities: number; relationships: number; bytes?: number };
  bulk: BulkRun;
  /** The same importer on an input a tenth the size: peak RSS should not follow the input. */
  smaller: BulkRun & { scale: number };
  rssRatio: number;
  /**
   * Peak RSS of the same two imports with V8's old generation capped at BOUNDED_HEAP_MIB: V8 grows
   * its heap lazily, so uncapped peaks follow the run's length; that both runs fit the cap shows
   * what the importer keeps is bounded (but for its key index).
   */
  boundedHeap: { smallerMiB: number; fullMiB: number; ratio: number };
  /** The naive importer, timed per kind of record, and its time for the whole input from those rates. */
  naive: { nodes: NaiveRun; relationships: NaiveRun; extrapolatedMs: number; perSecond: number };
  speedup: number;
  /** Importing the same input again into the graph it built (idempotent merge). */
  reimport: { ms: number; perSecond: number };
  batchSizes: { batchSize: number; perSecond: number }[];
  targets: { rate: boolean; speedup: boolean; rssFlat: boolean };
}

export interface ImportBenchOptions {
  driver: Driver;
  model: GraphModel;
  connection: Neo4jConnection;
  dir: string;
  scale: number;
  seed: number;
  naiveSeconds: number;
  batchSize: number;
  /** Batch sizes to compare on the smaller input. */
  batchSizes: number[];
  log: (line: string) => void;
  /** Called while the database holds the smaller input, as imported (the API's cost at a tenth of the scale). */
  onSmallerGraph?: () => Promise<void>;
}

export const BOUNDED_HEAP_MIB = 96;

/** Targets of the performance issue: ≥ 20 000 records/s, ≥ 50× naive, peak RSS ≤ 1.25× at 10× the input. */
export const IMPORT_TARGETS = { perSecond: 20_000, speedup: 50, rssRatio: 1.25 };

const run = promisify(execFile);

/** A bulk import in a child process (src/bench/import-child.ts), for its own peak RSS. */
async function bulkInChild(connection: Neo4jConnection, file: string, batchSize: number, nodeFlags: string[] = []): Promise<BulkRun> {
  const env = { ...process.env, ...connectionEnvironment(connection) };
  const { stdout } = await run(process.execPath, [...nodeFlags, path.join(packageRoot, 'dist', 'src', 'bench', 'import-child.js'), file, String(batchSize)], {
    env,
    maxBuffer: 1 << 20,
  });
  const { summary, maxRssBytes } = JSON.parse(stdout.trim().split('\n').pop()!) as { summary: BulkImportSummary; maxRssBytes: number };
  const records = summary.entities + summary.relationships;
  return {
    records,
    batchSize,
    ms: summary.durationMs,
    perSecond: Math.round((records / summary.durationMs) * 1000),
    validationMs: summary.validationMs,
    writeMs: summary.writeMs,
    maxRssMiB: round(maxRssBytes / 2 ** 20, 1),
  };
}

/** Empties the database in batches (one transaction for a large graph would hold it all in memory). */
export async function emptyDatabase(driver: Driver, database: string): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}

async function deleteRelationships(driver: Driver, database: string, keep: string): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.run('MATCH ()-[r]->() WHERE type(r) <> $keep CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS', { keep });
  } finally {
    await session.close();
  }
}

function generateInput(dir: string, name: string, scale: number, seed: number) {
  const graph = generateGraph({ scale, seed });
  const [file] = writeGraph(graph, path.join(dir, name), 'jsonl');
  return { file: file!, counts: graph.counts };
}

/**
 * The import side of `npm run bench`, on the database it is given (emptied first and left
 * holding the full input): bulk vs naive on the same input, peak RSS at two sizes 10× apart,
 * a batch-size sweep, and a re-import.
 */
export async function benchImport(options: ImportBenchOptions): Promise<ImportBenchResult> {
  const { driver, connection, dir, scale, seed, log } = options;
  const database = connection.database;
  const big = generateInput(dir, 'input', scale, seed);
  const small = generateInput(dir, 'input-small', Math.max(100, Math.round(scale / 10)), seed);
  log(`generated JSON Lines: ${big.counts.entities} entities + ${big.counts.relationships} relationships, and a tenth of that`);

  // Unmeasured: plans cached and pages warm before the first measured import.
  await emptyDatabase(driver, database);
  await bulkInChild(connection, small.file, options.batchSize);

  const batchSizes: ImportBenchResult['batchSizes'] = [];
  for (const batchSize of options.batchSizes) {
    await emptyDatabase(driver, database);
    const sweep = await bulkInChild(connection, small.file, batchSize);
    batchSizes.push({ batchSize, perSecond: sweep.perSecond });
    log(`batch size ${batchSize}: ${sweep.perSecond} records/s (smaller input)`);
  }

  await emptyDatabase(driver, database);
  const smaller = { ...(await bulkInChild(connection, small.file, options.batchSize)), scale: Math.round(scale / 10) };
  log(`bulk, smaller input: ${smaller.records} records in ${smaller.ms} ms, peak RSS ${smaller.maxRssMiB} MiB`);
  await options.onSmallerGraph?.();

  const boundedFlags = [`--max-old-space-size=${BOUNDED_HEAP_MIB}`];
  await emptyDatabase(driver, database);
  const smallerBounded = await bulkInChild(connection, small.file, options.batchSize, boundedFlags);

  await emptyDatabase(driver, database);
  const naiveNodes = await naiveImport({ driver, database, model: options.model }, big.file, 'node', options.naiveSeconds);
  log(`naive, nodes: ${naiveNodes.records} in ${naiveNodes.ms} ms, ${naiveNodes.perSecond}/s`);

  await emptyDatabase(driver, database);
  const bulk = await bulkInChild(connection, big.file, options.batchSize);
  log(`bulk: ${bulk.records} records in ${bulk.ms} ms (validation ${bulk.validationMs} ms), ${bulk.perSecond}/s, peak RSS ${bulk.maxRssMiB} MiB`);

  const reimport = await bulkInChild(connection, big.file, options.batchSize);
  log(`re-import of the same input: ${reimport.ms} ms`);

  await emptyDatabase(driver, database);
  const fullBounded = await bulkInChild(connection, big.file, options.batchSize, boundedFlags);
  log(`peak RSS with a ${BOUNDED_HEAP_MIB} MiB old generation: ${smallerBounded.maxRssMiB} and ${fullBounded.maxRssMiB} MiB`);

  // The naive importer's relationships need their nodes: on the bulk-built graph with its
  // relationships removed, so each row creates one as it would on a first import.
  await deleteRelationships(driver, database, 'STATED_IN');
  const naiveRelationships = await naiveImport({ driver, database, model: options.model }, big.file, 'relationship', options.naiveSeconds);
  log(`naive, relationships: ${naiveRelationships.records} in ${naiveRelationships.ms} ms, ${naiveRelationships.perSecond}/s`);
  await bulkInChild(connection, big.file, options.batchSize);
  log('restored the full graph for the API measurements');

  const extrapolatedMs = (big.counts.entities / naiveNodes.perSecond + big.counts.relationships / naiveRelationships.perSecond) * 1000;
  const naivePerSecond = Math.round((bulk.records / extrapolatedMs) * 1000);
  const speedup = round(bulk.perSecond / naivePerSecond, 1);
  const rssRatio = round(bulk.maxRssMiB / smaller.maxRssMiB);
  return {
    input: { scale, sources: big.counts.sources, entities: big.counts.entities, relationships: big.counts.relationships },
    bulk,
    smaller,
    rssRatio,
    boundedHeap: { smallerMiB: smallerBounded.maxRssMiB, fullMiB: fullBounded.maxRssMiB, ratio: round(fullBounded.maxRssMiB / smallerBounded.maxRssMiB) },
    naive: { nodes: naiveNodes, relationships: naiveRelationships, extrapolatedMs: Math.round(extrapolatedMs), perSecond: naivePerSecond },
    speedup,
    reimport: { ms: reimport.ms, perSecond: reimport.perSecond },
    batchSizes,
    targets: {
      rate: bulk.perSecond >= IMPORT_TARGETS.perSecond,
      speedup: speedup >= IMPORT_TARGETS.speedup,
      rssFlat: rssRatio <= IMPORT_TARGETS.rssRatio,
    },
  };
}

/** The import table of the Markdown report. */
export function importMarkdown(result: ImportBenchResult): string {
  const ok = (met: boolean) => (met ? 'ok' : '**miss**');
  const { bulk, smaller, naive } = result;
  return [
    `Input: ${result.input.entities} entities and ${result.input.relationships} relationships (${result.input.sources} sources) as ecograph JSON Lines; rates count entities plus relationships.`,
    '',
    '| import | records | time | records/s | peak RSS | target |',
    '|---|---:|---:|---:|---:|:---:|',
    `| bulk (batch ${bulk.batchSize}, validation included) | ${bulk.records} | ${round(bulk.ms / 1000, 1)} s | ${bulk.perSecond} | ${bulk.maxRssMiB} MiB | ≥ ${IMPORT_TARGETS.perSecond}/s: ${ok(result.targets.rate)} |`,
    `| bulk, input a tenth the size | ${smaller.records} | ${round(smaller.ms / 1000, 1)} s | ${smaller.perSecond} | ${smaller.maxRssMiB} MiB | RSS ratio ${result.rssRatio} ≤ ${IMPORT_TARGETS.rssRatio}: ${ok(result.targets.rssFlat)} |`,
    `| bulk, old generation capped at ${BOUNDED_HEAP_MIB} MiB: full / tenth | | | | ${result.boundedHeap.fullMiB} / ${result.boundedHeap.smallerMiB} MiB | RSS ratio ${result.boundedHeap.ratio} |`,
    `| naive, one transaction per row: nodes | ${naive.nodes.records} in ${round(naive.nodes.ms / 1000, 1)} s | | ${naive.nodes.perSecond} | | |`,
    `| naive: relationships | ${naive.relationships.records} in ${round(naive.relationships.ms / 1000, 1)} s | | ${naive.relationships.perSecond} | | |`,
    `| naive, whole input (from those rates) | ${bulk.records} | ${round(naive.extrapolatedMs / 1000, 1)} s | ${naive.perSecond} | | bulk ${result.speedup}× ≥ ${IMPORT_TARGETS.speedup}×: ${ok(result.targets.speedup)} |`,
    `| bulk re-import (all merged, nothing new) | ${bulk.records} | ${round(result.reimport.ms / 1000, 1)} s | ${result.reimport.perSecond} | | |`,
    '',
    `Batch size on the smaller input: ${result.batchSizes.map((b) => `${b.batchSize} → ${b.perSecond}/s`).join(', ') || 'not measured'}.`,
  ].join('\n');
}
