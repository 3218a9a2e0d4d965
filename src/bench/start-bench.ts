#!/usr/bin/env node
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { integerAtLeast } from '../cli/arguments';
import { packageRoot } from '../paths';
import { freePort } from '../util/ports';
import { round } from './stats';

/**
 * `npm run bench:start`: how long `npm start` takes to its first GraphQL answer, split into
 * Neo4j's own start (from spawning its JVM until it answers `RETURN 1`) and ecograph's work
 * (everything else: npm, the build check, loading modules, preparing the database, seeding, the
 * first query). First starts run on a new data folder each; warm starts on one folder that was
 * started once before. Each run is a real `npm start` on free ports, stopped with Ctrl-C's signal.
 */

/** The moments of one start, in ms from spawning `npm start`. */
export interface StartRun {
  kind: 'first' | 'warm';
  /** npm start was spawned (0) … the managed Neo4j's JVM was spawned. */
  neo4jSpawned: number;
  /** … Neo4j answered RETURN 1. */
  neo4jAnswered: number;
  /** … the database was prepared (checked, constrained, seeded). */
  prepared: number;
  /** … the first GraphQL query was answered. */
  firstAnswer: number;
  /** What preparing reported: checksMs (verification, constraints, statistics at once), seedsMs, created. */
  preparing: Record<string, unknown>;
  loadAverage: number;
}

/** Neo4j's own start, and the rest: ecograph's work. */
export const split = (run: StartRun) => ({ neo4j: run.neo4jAnswered - run.neo4jSpawned, ecograph: run.firstAnswer - (run.neo4jAnswered - run.neo4jSpawned) });

const QUERY = JSON.stringify({ query: '{ organizations(limit: 1) { key } }' });

async function answered(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: QUERY,
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await response.json()) as { data?: { organizations?: unknown[] } };
    return Array.isArray(body.data?.organizations);
  } catch {
    return false;
  }
}

/** One `npm start` on `dataDir`, until its first answer; then stopped. */
export async function measureStart(dataDir: string, kind: StartRun['kind'], timeoutMs = 300_000): Promise<StartRun> {
  const [port, boltPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = { ...process.env, ECOGRAPH_DATA_DIR: dataDir, PORT: String(port), NEO4J_BOLT_PORT: String(boltPort), LOG_FORMAT: 'json' };
  for (const name of ['NEO4J_URI', 'NEO4J_PASSWORD', 'NEO4J_USERNAME', 'NEO4J_DATABASE']) delete env[name];
  const loadAverage = os.loadavg()[0]!;
  const spawnedAt = Date.now();
  const npm = spawn('npm', ['start', '--silent'], { cwd: packageRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let output = '';
  npm.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const complete = output.split('\n');
    output = complete.pop() ?? '';
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // npm's own lines
      }
    }
  });
  let stderr = '';
  npm.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  // Interrupted, the bench stops the service it started (its own process group) before it goes.
  const interrupted = () => process.kill(-npm.pid!, 'SIGINT');
  process.once('SIGINT', interrupted);
  try {
    let firstAnswer: number | undefined;
    while (firstAnswer === undefined) {
      if (npm.exitCode !== null) throw new Error(`npm start exited (${npm.exitCode}):\n${stderr.slice(-2000)}`);
      if (Date.now() - spawnedAt > timeoutMs) throw new Error(`no answer within ${timeoutMs / 1000} s`);
      if (await answered(port)) firstAnswer = Date.now() - spawnedAt;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const at = (msg: string) => {
      const line = lines.find((l) => l.msg === msg);
      if (!line) throw new Error(`the log has no "${msg}" line`);
      return { line, ms: Number(line.time) - spawnedAt };
    };
    const { line: preparedLine, ms: prepared } = at('database prepared');
    const { level, time, pid, hostname, name, msg, ...preparing } = preparedLine;
    void [level, time, pid, hostname, name, msg];
    return {
      kind,
      neo4jSpawned: at('starting managed Neo4j').ms,
      neo4jAnswered: at('managed Neo4j is ready').ms,
      prepared,
      firstAnswer,
      preparing,
      loadAverage,
    };
  } finally {
    process.off('SIGINT', interrupted);
    process.kill(-npm.pid!, 'SIGINT');
    await exited;
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export function startMarkdown(runs: StartRun[]): string {
  const seconds = (ms: number) => String(round(ms / 1000, 1));
  const rows = runs.map((r) => {
    const { neo4j, ecograph } = split(r);
    return `| ${r.kind} ${runs.filter((o) => o.kind === r.kind).indexOf(r) + 1} | ${seconds(r.firstAnswer)} | ${seconds(neo4j)} | ${seconds(ecograph)} | ${seconds(r.neo4jSpawned)} | ${seconds(r.prepared - r.neo4jAnswered)} | ${seconds(r.firstAnswer - r.prepared)} | ${round(r.loadAverage, 1)} |`;
  });
  const summary = (['first', 'warm'] as const)
    .map((kind) => runs.filter((r) => r.kind === kind))
    .filter((group) => group.length > 0)
    .map((group) => {
      const kind = group[0]!.kind;
      return `| **${kind}: median of ${group.length}** | **${seconds(median(group.map((r) => r.firstAnswer)))}** | **${seconds(median(group.map((r) => split(r).neo4j)))}** | **${seconds(median(group.map((r) => split(r).ecograph)))}** | ${seconds(median(group.map((r) => r.neo4jSpawned)))} | ${seconds(median(group.map((r) => r.prepared - r.neo4jAnswered)))} | ${seconds(median(group.map((r) => r.firstAnswer - r.prepared)))} | ${round(median(group.map((r) => r.loadAverage)), 1)} |`;
    });
  return [
    '| run | first answer (s) | Neo4j own start (s) | ecograph (s) | of which: until Neo4j spawned | Neo4j answers → prepared | prepared → first answer | load average |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    ...summary,
  ].join('\n');
}

async function main(options: { first: number; warm: number; keep?: boolean }): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-start-bench-'));
  const runs: StartRun[] = [];
  const log = (line: string) => console.log(`[bench:start] ${line}`);
  try {
    for (let i = 0; i < options.first; i++) {
      const run = await measureStart(path.join(root, `first-${i}`), 'first');
      runs.push(run);
      log(
        `first start ${i + 1}: answer after ${round(run.firstAnswer / 1000, 1)} s (Neo4j ${round(split(run).neo4j / 1000, 1)} s, ecograph ${round(split(run).ecograph / 1000, 1)} s); preparing: ${JSON.stringify(run.preparing)}`,
      );
    }
    if (options.warm > 0) {
      // The warm runs' folder is started once first (not measured): that is "a folder started before".
      const warmDir = path.join(root, 'warm');
      await measureStart(warmDir, 'first');
      for (let i = 0; i < options.warm; i++) {
        const run = await measureStart(warmDir, 'warm');
        runs.push(run);
        log(
          `warm start ${i + 1}: answer after ${round(run.firstAnswer / 1000, 1)} s (Neo4j ${round(split(run).neo4j / 1000, 1)} s, ecograph ${round(split(run).ecograph / 1000, 1)} s); preparing: ${JSON.stringify(run.preparing)}`,
        );
      }
    }
    console.log(`\n${startMarkdown(runs)}\n\n${os.cpus().length} cores; the build was up to date (npm start checks it).`);
  } finally {
    if (!options.keep) fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  new Command('bench:start')
    .description('Measures `npm start` to its first GraphQL answer: first starts (new data folder) and warm starts (a folder started before)')
    .option('--first <n>', 'first starts, each on a new data folder', integerAtLeast(0), 3)
    .option('--warm <n>', 'warm starts on one folder started once before', integerAtLeast(0), 5)
    .option('--keep', 'keep the data folders (in the temporary folder)')
    .action(main)
    .parseAsync()
    .catch((error: unknown) => {
      console.error(`bench:start: ${(error as Error).stack ?? String(error)}`);
      process.exit(1);
    });
}
