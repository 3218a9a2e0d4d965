#!/usr/bin/env node
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { integerAtLeast } from './arguments';
import { loadConfig } from '../config/env';
import { EcographError, exitCodeOf } from '../errors';
import { loadSchemaFiles } from '../schema-files';
import { DEFAULT_BATCH_SIZE } from '../importer/bulk/import-bulk';
import { createLogger } from '../logging';
import { startService } from '../service';
import { KIND_DESCRIPTIONS, SOURCE_KINDS } from '../sources/detect';
import { exportCommand, type ExportCommandOptions, importCommand, type ImportCommandOptions, seedSchemaCommand, withStore } from './seed-commands';
import { extractCommand, type ExtractCommandOptions, reviewCommand } from './source-commands';

/** Reads ./.env when there is one; variables already set in the environment win. */
function loadDotEnv(): void {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
}

async function start(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const service = await startService(config, loadSchemaFiles(), logger);

  let firstSignalAt: number | undefined;
  const shutdown = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      // A terminal's Ctrl-C reaches us twice under `npm start` (from the tty and forwarded by
      // npm); only a later, deliberate second signal forces the exit.
      if (Date.now() - firstSignalAt < 1_000) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    firstSignalAt = Date.now();
    logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // The managed Neo4j could not be started again: exit non-zero, so that a process supervisor acts.
  void service.failed.then(async (error) => {
    logger.fatal({ code: error.code }, `ecograph cannot go on: ${error.message}`);
    await service.stop().catch((stopError: unknown) => logger.error({ err: stopError }, 'shutdown failed'));
    process.exit(error.exitCode);
  });
}

/** A catalogued failure prints its message and exits with its code; anything else is a bug and prints its stack. */
function fail(error: unknown): never {
  if (error instanceof EcographError) {
    console.error(`ecograph: ${error.message}`);
    process.exit(error.exitCode);
  }
  console.error(`ecograph: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(exitCodeOf(error));
}

const program = new Command('ecograph').description('GraphQL knowledge graph of health and life-science innovation ecosystems');
program
  .command('start', { isDefault: true })
  .description('serve the GraphQL API (starts a managed local Neo4j when NEO4J_URI is not set)')
  .action(() => start().catch(fail));

program
  .command('import')
  .description(
    'validate seed files (or folders of them), source documents (extracted first, as `ecograph extract` does), or bulk inputs (JSON Lines, neo4j-admin CSV), and merge them into the graph',
  )
  .argument(
    '<paths...>',
    'seed files (*.yaml, *.yml, *.json) or folders; or one *.jsonl / *.ndjson file (ecograph or APOC JSON Lines); or *.csv files (neo4j-admin import format)',
  )
  .option('--dry-run', 'validate and report what would change, writing nothing')
  .option('--single-transaction', 'one transaction for everything instead of one per file (seed files) or per batch (bulk inputs)')
  .option('--max-file-size <MiB>', 'refuse larger seed files (default 5)')
  .option('--batch-size <n>', `bulk inputs: records per transaction (default ${DEFAULT_BATCH_SIZE})`, integerAtLeast(1))
  .option('--source <key>', 'bulk inputs: the source of records that name none, e.g. source:my-export (a Source in the input or the database)')
  .addOption(new Option('--kind <kind>', 'source documents: their kind, instead of detecting it').choices([...SOURCE_KINDS]))
  .action((paths: string[], options: ImportCommandOptions) => importCommand(paths, options).catch(fail));
program
  .command('extract')
  .description(
    'turn source documents (Vinnova project pages and open data, ECHAlliance ecosystem pages) into seed files, one per document, to review and import',
  )
  .argument('<sources...>', `documents or folders of them: ${Object.values(KIND_DESCRIPTIONS).join('; ')}`)
  .option('--out <dir>', 'write the seed files into this folder (default: standard output)')
  .addOption(new Option('--kind <kind>', "the documents' kind, instead of detecting it from the URL line, HTML or content").choices([...SOURCE_KINDS]))
  .option('--max-file-size <MiB>', 'refuse larger documents (default 5)')
  .action((sources: string[], options: ExtractCommandOptions) => extractCommand(sources, options).catch(fail));
program
  .command('review')
  .description('list the entities that look alike but were not merged (confirm a merge by adding an alias in a seed file)')
  .action(() => withStore((store) => reviewCommand(store)).catch(fail));
program
  .command('export')
  .description("write the graph, or one source's part of it, in the seed format (YAML)")
  .option('--source <key>', 'only what this source states, e.g. source:vinnova:2017-02464')
  .option('--out <file>', 'write to this file (a folder when there are several sources) instead of standard output')
  .action((options: ExportCommandOptions) => exportCommand(options).catch(fail));
program
  .command('seed-schema')
  .description('generate schema/seed.schema.json from the model')
  .option('--check', 'fail when the committed file differs from what the model generates')
  .action((options: { check?: boolean }) => {
    try {
      seedSchemaCommand(options);
    } catch (error) {
      fail(error);
    }
  });

loadDotEnv();
program.parseAsync().catch(fail);
