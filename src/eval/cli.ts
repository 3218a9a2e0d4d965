#!/usr/bin/env node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { errors } from '../errors';
import { createLogger } from '../logging';
import { createDriver } from '../neo4j/driver';
import { ManagedNeo4j } from '../neo4j/managed/managed-neo4j';
import { packageRoot } from '../paths';
import { loadModel } from '../schema-files';
import { freePort } from '../util/ports';
import { evaluateExtraction, formatReport } from './extract-eval';

/**
 * `npm run eval:extract -- PAGES... TRUTH`: extraction accuracy, measured through the API on a
 * fresh database: a Neo4j of its own in a temporary folder, stopped and removed at the end.
 */
const program = new Command('eval-extract')
  .argument('<paths...>', 'source documents or folders of them, then the folder of truth files (*.json) last')
  .option('--min <percent>', 'exit 1 when any field is right less often than this', '0')
  .action(async (paths: string[], options: { min: string }) => {
    if (paths.length < 2) throw errors.usage('give the pages (files or folders) and, last, the folder of truth files');
    const truth = paths[paths.length - 1]!;
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-eval-'));
    let neo4j: ManagedNeo4j | undefined;
    try {
      neo4j = await ManagedNeo4j.start({
        dataRoot: temp,
        cacheDir: path.join(packageRoot, '.cache'),
        boltPort: await freePort(),
        database: 'neo4j',
        heapSize: '512m',
        pageCacheSize: '128m',
        startTimeoutMs: 180_000,
        logger: createLogger('warn'),
      });
      const driver = createDriver(neo4j.connection);
      try {
        const report = await evaluateExtraction({ driver, database: neo4j.connection.database, model: loadModel() }, paths.slice(0, -1), truth);
        console.log(formatReport(report));
        const below = [...report.fields].filter(([, [r, t]]) => (100 * r) / t < Number(options.min));
        if (below.length) process.exitCode = 1;
      } finally {
        await driver.close();
      }
    } finally {
      await neo4j?.stop().catch(() => {});
      fs.rmSync(temp, { recursive: true, force: true });
    }
  });

program.parseAsync().catch((error: unknown) => {
  console.error(`eval-extract: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
