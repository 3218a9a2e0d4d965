#!/usr/bin/env node
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { integerAtLeast } from './arguments';
import { loadConfig } from '../config/env';
import { EcographError, exitCodeOf } from '../errors';
import { createLogger, type Logger } from '../logging';
import type { RunningService } from '../service';
import { KIND_DESCRIPTIONS, SOURCE_KINDS } from '../sources/detect';
import type { ExportCommandOptions, ImportCommandOptions } from './seed-commands';
import type { ExtractCommandOptions } from './source-commands';

/*
 * Commands load what they need when they run (import() below): `ecograph --help` and `doctor`
 * need none of the server, and `start` launches Neo4j before the server's modules load, so that
 * both happen at once.
 */

/** Reads ./.env when there is one; variables already set in the environment win. */
function loadDotEnv(): void {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
}

async function start(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, { format: config.logFormat });
  // Launched first: a managed Neo4j starts while the server's modules load and its schema is built.
  const { connectDatabase } = await import('../neo4j/database.js');
  const database = await connectDatabase(config, logger, { waitForManaged: false });
  let service: RunningService;
  try {
    const [{ startService }, { loadSchemaFiles }] = await Promise.all([import('../service.js'), import('../schema-files.js')]);
    service = await startService(config, loadSchemaFiles(), logger, { database });
  } catch (error) {
    await database.close();
    throw error;
  }
  announce(service.url, logger);

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

/** Says once, when start-up is done, where everything is and how long it took. */
function announce(url: string, logger: Logger): void {
  // A server listening on every address is reached on this machine as localhost.
  const base = url.replace(/\/\/(0\.0\.0\.0|\[::\])(?=:)/, '//localhost');
  const urls = {
    playground: `${base}/graphql`,
    explorer: `${base}/explore`,
    health: `${base}/health/ready`,
    metrics: `${base}/metrics`,
  };
  const seconds = Math.round(process.uptime() * 10) / 10;
  logger.info(
    { startupSeconds: seconds },
    `ready in ${seconds} s: GraphQL API and playground ${urls.playground} · explorer ${urls.explorer} · health ${urls.health} · metrics ${urls.metrics}`,
  );
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

/** Each command's one example, shown in `ecograph --help` and in the command's own help. */
const EXAMPLES: Record<string, string> = {
  start: 'ecograph start                      # or: npm start',
  import: 'ecograph import seeds/ --dry-run    # or: npm run import -- seeds/',
  export: 'ecograph export --source source:vinnova:2017-02464 --out vinnova.yaml',
  'seed-schema': 'ecograph seed-schema --check',
  'seeds-snapshot': 'ecograph seeds-snapshot --check    # or: npm run seeds:snapshot',
  extract: 'ecograph extract pages/ --out seeds/new/    # then review and import',
  review: 'ecograph review',
  doctor: 'ecograph doctor',
  verify: 'ecograph verify',
};

const program = new Command('ecograph')
  .description('GraphQL knowledge graph of health and life-science innovation ecosystems')
  .showHelpAfterError('(run ecograph --help for the commands and an example of each)');

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
  .option('--batch-size <n>', 'bulk inputs: records per transaction (default 20000)', integerAtLeast(1))
  .option('--source <key>', 'bulk inputs: the source of records that name none, e.g. source:my-export (a Source in the input or the database)')
  .addOption(new Option('--kind <kind>', 'source documents: their kind, instead of detecting it').choices([...SOURCE_KINDS]))
  .action((paths: string[], options: ImportCommandOptions) =>
    import('./seed-commands.js').then(({ importCommand }) => importCommand(paths, options)).catch(fail),
  );
program
  .command('extract')
  .description(
    'turn source documents (Vinnova project pages and open data, ECHAlliance ecosystem pages) into seed files, one per document, to review and import',
  )
  .argument('<sources...>', `documents or folders of them: ${Object.values(KIND_DESCRIPTIONS).join('; ')}`)
  .option('--out <dir>', 'write the seed files into this folder (default: standard output)')
  .addOption(new Option('--kind <kind>', "the documents' kind, instead of detecting it from the URL line, HTML or content").choices([...SOURCE_KINDS]))
  .option('--max-file-size <MiB>', 'refuse larger documents (default 5)')
  .action((sources: string[], options: ExtractCommandOptions) =>
    import('./source-commands.js').then(({ extractCommand }) => extractCommand(sources, options)).catch(fail),
  );
program
  .command('review')
  .description('list the entities that look alike but were not merged (confirm a merge by adding an alias in a seed file)')
  .action(() =>
    Promise.all([import('./seed-commands.js'), import('./source-commands.js')])
      .then(([{ withStore }, { reviewCommand }]) => withStore((store) => reviewCommand(store)))
      .catch(fail),
  );
program
  .command('export')
  .description("write the graph, or one source's part of it, in the seed format (YAML)")
  .option('--source <key>', 'only what this source states, e.g. source:vinnova:2017-02464')
  .option('--out <file>', 'write to this file (a folder when there are several sources) instead of standard output')
  .action((options: ExportCommandOptions) => import('./seed-commands.js').then(({ exportCommand }) => exportCommand(options)).catch(fail));
program
  .command('seed-schema')
  .description('generate schema/seed.schema.json from the model')
  .option('--check', 'fail when the committed file differs from what the model generates')
  .action((options: { check?: boolean }) => import('./seed-commands.js').then(({ seedSchemaCommand }) => seedSchemaCommand(options)).catch(fail));
program
  .command('seeds-snapshot')
  .description('save the graph seeds/ makes (seeds/snapshot/graph.json), which a first start loads in two statements')
  .option('--check', 'fail when the snapshot was made from other seeds or another model')
  .action((options: { check?: boolean }) => import('./seed-commands.js').then(({ seedsSnapshotCommand }) => seedsSnapshotCommand(options)).catch(fail));
program
  .command('verify')
  .description(
    'recompute what ecograph maintains in the graph (the views: funding totals, counts of nodes lacking an @ordered field) from scratch and report any difference (exit 1)',
  )
  .action(() => import('./verify-command.js').then(({ verifyCommand }) => verifyCommand()).catch(fail));
program
  .command('doctor')
  .description('check what ecograph needs (Node, Java, Maven or Docker, ports, disk, the Neo4j cache, NEO4J_URI) and say how to fix what is missing')
  .action(() => import('./doctor.js').then(({ doctorCommand }) => doctorCommand()).catch(fail));

for (const command of program.commands) {
  const example = EXAMPLES[command.name()];
  if (example) command.addHelpText('after', `\nExample:\n  ${example}\n`);
}
program.addHelpText(
  'after',
  `\nExamples:\n${program.commands.map((c) => `  ${EXAMPLES[c.name()] ?? `ecograph ${c.name()}`}`).join('\n')}\n\n` +
    'Configuration comes from the environment or ./.env (see .env.example); `ecograph <command> --help` tells more.\n',
);

loadDotEnv();
program.parseAsync().catch(fail);
