#!/usr/bin/env node
/**
 * One bulk import in a process of its own, so that its peak RSS is the importer's alone:
 * `node import-child.js <file> [batch size]` with the NEO4J_* variables set; prints one JSON line.
 */
import { loadConfig } from '../config/env';
import { loadModel } from '../schema-files';
import { importBulk } from '../importer/bulk/import-bulk';
import { createDriver } from '../neo4j/driver';

async function main(): Promise<void> {
  const [file, batchSize] = process.argv.slice(2);
  const { neo4j } = loadConfig();
  if (neo4j.mode !== 'external' || !file) throw new Error('usage: NEO4J_URI=… import-child <file> [batch size]');
  const driver = createDriver(neo4j);
  try {
    const summary = await importBulk({ driver, database: neo4j.database, model: loadModel() }, [file], batchSize ? { batchSize: Number(batchSize) } : {});
    process.stdout.write(`${JSON.stringify({ summary, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
  } finally {
    await driver.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? error);
  process.exit(1);
});
