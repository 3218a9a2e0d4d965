import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/paths';

/** Pids of live processes whose command line contains the text (read from /proc). */
export function processesMatching(text: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      const state = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmdline.includes(text) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** The Java processes of a managed Neo4j whose home is the given folder. */
export function managedNeo4jProcesses(neo4jHome: string): number[] {
  return processesMatching(`-Decograph.neo4j.home=${neo4jHome} `);
}

/** The line `ecograph start` (and so `npm start`) logs once it answers GraphQL (src/cli/main.ts, announce). */
export const READY_LINE = /ready in [\d.]+ s: GraphQL API/;

/** Polls `condition`; `what` may be a function, so that its message says what was seen by the deadline (a process's output so far). */
export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The built CLI; `npm test` builds it first (pretest). */
export function builtFile(relative: string): string {
  const file = path.join(packageRoot, 'dist', relative);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does it first)`);
  return file;
}
