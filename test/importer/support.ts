import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/paths';
import type { Store } from '../../src/importer/store';
import { testConnection, testDriver, testModel } from '../support/database';
import { builtFile } from '../support/processes';

export const seedsDir = path.join(packageRoot, 'seeds');
export const ECOSYSTEM_SEED = path.join(seedsDir, 'north-sweden-life-science-ecosystem.yaml');
export const VINNOVA_SEED = path.join(seedsDir, 'vinnova-innovation-accelerators-2017-02464.yaml');

/** The importers' store (driver, database, model) and a folder. */
export interface ImporterTestContext extends Store {
  /** A fresh temporary folder for this suite's fixture files. */
  dir: string;
}

/** A driver on the test run's Neo4j and a temp folder; the graph is emptied before the suite. */
export function importerSuite(): ImporterTestContext {
  const context = {} as ImporterTestContext;
  beforeAll(async () => {
    context.driver = testDriver();
    context.database = testConnection().database;
    context.model = testModel();
    context.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-importer-'));
    await emptyGraph(context);
  });
  afterAll(async () => {
    await context.driver?.close();
    fs.rmSync(context.dir, { recursive: true, force: true });
  });
  return context;
}

export async function emptyGraph({ driver, database }: ImporterTestContext): Promise<void> {
  await driver.executeQuery('MATCH (n) DETACH DELETE n', {}, { database });
}

export async function graphCounts({ driver, database }: ImporterTestContext): Promise<{ nodes: number; relationships: number }> {
  const { records } = await driver.executeQuery(
    'RETURN COUNT { MATCH (n) WHERE NOT n:GraphGeneration } AS nodes, COUNT { MATCH ()-[r]->() } AS relationships',
    {},
    { database },
  );
  return { nodes: Number(records[0]!.get('nodes')), relationships: Number(records[0]!.get('relationships')) };
}

export async function query<T = Record<string, unknown>>(
  { driver, database }: ImporterTestContext,
  cypher: string,
  parameters: Record<string, unknown> = {},
): Promise<T[]> {
  const { records } = await driver.executeQuery(cypher, parameters, { database });
  return records.map((r) => r.toObject() as T);
}

/** Writes a fixture file into the suite's folder and returns its path. */
export function writeFixture(context: ImporterTestContext, name: string, text: string): string {
  const file = path.join(context.dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** A copy of a real seed with its text edited. */
export function editedSeed(context: ImporterTestContext, seed: string, name: string, edit: (text: string) => string): string {
  const text = fs.readFileSync(seed, 'utf8');
  const edited = edit(text);
  if (edited === text) throw new Error(`the edit of ${name} changed nothing`);
  return writeFixture(context, name, edited);
}

/** `ecograph …` from the build, against the test run's Neo4j (its NEO4J_* variables are inherited). */
export function ecograph(...args: string[]) {
  const env = { ...process.env };
  delete env.LOG_LEVEL;
  return spawnSync(process.execPath, [builtFile('src/cli/main.js'), ...args], { encoding: 'utf8', env });
}
