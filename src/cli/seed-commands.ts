import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/env';
import { errors } from '../errors';
import { loadModel } from '../schema-files';
import { formatBulkSummary, importBulk } from '../importer/bulk/import-bulk';
import { isBulkInput } from '../importer/bulk/read';
import { exportSeeds, seedToYaml } from '../importer/export';
import { importSeeds } from '../importer/import-seeds';
import { readSnapshot, snapshotFileOf, snapshotOf, writeSnapshot } from '../importer/seed-snapshot';
import { applyConstraints } from '../graph/constraints';
import { createDriver } from '../neo4j/driver';
import type { ManagedNeo4j } from '../neo4j/managed/managed-neo4j';
import { startScratchNeo4j } from '../neo4j/managed/scratch';
import { seedsDir } from '../paths';
import { renderSeedSchema, seedSchemaPath } from '../importer/seed-schema';
import type { SourceKind } from '../sources/detect';
import { importDocuments, isSourceDocumentPath, printImport } from './source-commands';
import { createLogger } from '../logging';
import type { Store } from '../importer/store';
import { openDatabase } from '../neo4j/database';
import { progressReporter } from './progress';

/**
 * The command's composition root: the model, built once from schema/, and the database, connected
 * like the service does (NEO4J_URI or the managed Neo4j), quietly unless LOG_LEVEL says otherwise.
 */
export async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const model = loadModel();
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const database = await openDatabase(config, logger);
  try {
    return await work({ driver: database.driver, database: database.name, model });
  } finally {
    await database.close();
  }
}

export interface ImportCommandOptions {
  dryRun?: boolean;
  singleTransaction?: boolean;
  maxFileSize?: string;
  batchSize?: number;
  source?: string;
  kind?: SourceKind;
}

/** Seed files go to the seed importer; JSON Lines and CSV inputs to the bulk importer. */
export async function importCommand(paths: string[], options: ImportCommandOptions): Promise<void> {
  const documents = paths.filter(isSourceDocumentPath);
  if (documents.length > 0) {
    const progress = progressReporter();
    const result = await withStore((store) =>
      importDocuments(
        store,
        documents,
        paths.filter((p) => !documents.includes(p)),
        {
          ...options,
          onFileDone: (done, total, file) => progress.update(done, total, path.basename(file)),
        },
      ),
    );
    progress.done();
    printImport(result);
    return;
  }
  if (options.kind) throw errors.usage('--kind applies to source documents (pages, open data) only');
  const bulk = paths.filter(isBulkInput);
  if (bulk.length > 0 && bulk.length < paths.length) {
    throw errors.usage(
      `import either seed files (*.yaml, *.yml, *.json, folders) or bulk inputs (*.jsonl, *.ndjson, *.csv), not both in one run: ${bulk.join(', ')}`,
    );
  }
  if (bulk.length > 0) return bulkImportCommand(paths, options);
  if (options.batchSize !== undefined || options.source !== undefined)
    throw errors.usage('--batch-size and --source apply to bulk inputs (*.jsonl, *.ndjson, *.csv) only');
  const maxFileBytes = options.maxFileSize ? Math.round(Number(options.maxFileSize) * 1024 * 1024) : undefined;
  if (maxFileBytes !== undefined && !(maxFileBytes > 0)) throw errors.usage(`--max-file-size expects a size in MiB, got ${options.maxFileSize}`);
  const progress = progressReporter();
  const summary = await withStore((store) =>
    importSeeds(store, paths, {
      dryRun: options.dryRun,
      singleTransaction: options.singleTransaction,
      ...(maxFileBytes ? { maxFileBytes } : {}),
      onFileDone: (done, total, file) => progress.update(done, total, path.basename(file)),
    }),
  );
  progress.done();
  printImport({ summary });
}

const PHASE_LABELS = { index: 'reading', validate: 'checking', write: 'writing' } as const;

async function bulkImportCommand(paths: string[], options: ImportCommandOptions): Promise<void> {
  if (options.maxFileSize) throw errors.usage('--max-file-size applies to seed files; bulk inputs are streamed whatever their size');
  const progress = progressReporter('records');
  const summary = await withStore((store) =>
    importBulk(store, paths, {
      dryRun: options.dryRun,
      singleTransaction: options.singleTransaction,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.source ? { defaultSource: options.source } : {}),
      onProgress: ({ phase, done, total }) => progress.update(done, total ?? done, path.basename(paths[0]!), PHASE_LABELS[phase]),
    }),
  );
  progress.done();
  console.log(formatBulkSummary(summary));
}

export interface ExportCommandOptions {
  source?: string;
  out?: string;
}

export async function exportCommand(options: ExportCommandOptions): Promise<void> {
  const seeds = await withStore((store) => exportSeeds(store, options.source ? [options.source] : undefined));
  const text = seeds.map((seed) => seedToYaml(seed)).join('---\n');
  if (!options.out) {
    process.stdout.write(text);
    return;
  }
  if (seeds.length > 1) {
    // One source per seed file: several sources go to a folder, one file each.
    fs.mkdirSync(options.out, { recursive: true });
    for (const seed of seeds) fs.writeFileSync(path.join(options.out, `${seed.source.key.replace(/[^a-z0-9-]+/g, '-')}.yaml`), seedToYaml(seed));
    console.log(`wrote ${seeds.length} seed files to ${options.out}`);
  } else {
    fs.writeFileSync(options.out, text);
    console.log(`wrote ${options.out}`);
  }
}

/** Writes schema/seed.schema.json from the model, or with `check` fails when the committed file differs. */
/**
 * Writes seeds/snapshot/graph.json: the graph importing seeds/ makes, which `ecograph start` loads
 * into an empty database in two statements. The seeds go into a Neo4j of this command's own, in a
 * temporary folder, so no graph of yours is touched. With `check`, fails when the snapshot was made
 * from other seeds or another model.
 */
export async function seedsSnapshotCommand(options: { check?: boolean }): Promise<void> {
  const model = loadModel();
  const file = snapshotFileOf(seedsDir);
  if (options.check) {
    const saved = readSnapshot(seedsDir, model.typeDefs);
    if ('unusable' in saved) throw errors.checkFailed(`${saved.unusable}: run npm run seeds:snapshot`);
    console.log(`${file} is up to date`);
    return;
  }
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-seeds-snapshot-'));
  let neo4j: ManagedNeo4j | undefined;
  try {
    neo4j = await startScratchNeo4j(scratch, { heapSize: '512m', pagecacheSize: '128m', cacheDir: config.cacheDir, logger });
    const driver = createDriver(neo4j.connection);
    try {
      const store = { driver, database: neo4j.connection.database, model };
      await applyConstraints(driver, store.database, model);
      const summary = await importSeeds(store, [seedsDir], { schemaReady: true });
      writeSnapshot(file, await snapshotOf(store, seedsDir, summary));
    } finally {
      await driver.close();
    }
  } finally {
    await neo4j?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  console.log(`wrote ${file}`);
}

export function seedSchemaCommand(options: { check?: boolean }): void {
  const schema = renderSeedSchema(loadModel());
  if (options.check) {
    const committed = fs.existsSync(seedSchemaPath) ? fs.readFileSync(seedSchemaPath, 'utf8') : '';
    if (committed !== schema) throw errors.checkFailed(`${seedSchemaPath} is out of date with the model: run npm run build:seed-schema`);
    console.log(`${seedSchemaPath} is up to date`);
    return;
  }
  fs.writeFileSync(seedSchemaPath, schema);
  console.log(`wrote ${seedSchemaPath}`);
}
