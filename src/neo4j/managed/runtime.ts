import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { errors } from '../../errors';
import type { Logger } from '../../logging';
import { neo4jRuntimePom } from '../../paths';
import { requireMaven } from './prerequisites';

/** The Neo4j server's jars and plugins, assembled from Maven Central and cached. */
export interface Neo4jRuntime {
  dir: string;
  libDir: string;
  pluginsDir: string;
  neo4jVersion: string;
  apocVersion: string;
}

function pinnedVersion(pom: string, property: string): string {
  const match = new RegExp(`<${property.replace('.', '\\.')}>([^<]+)</`).exec(pom);
  if (!match?.[1]) throw new Error(`${neo4jRuntimePom} does not pin <${property}>`);
  return match[1];
}

/**
 * Returns the cached runtime, assembling it with Maven first if needed. The cache folder is named
 * after the pom's hash, so changing a pinned version fetches anew; it appears only when complete.
 */
export async function ensureNeo4jRuntime(cacheDir: string, logger: Logger): Promise<Neo4jRuntime> {
  const pom = fs.readFileSync(neo4jRuntimePom, 'utf8');
  const neo4jVersion = pinnedVersion(pom, 'neo4j.version');
  const apocVersion = pinnedVersion(pom, 'apoc.version');
  const hash = createHash('sha256').update(pom).digest('hex').slice(0, 12);
  const dir = path.join(cacheDir, 'neo4j', `${neo4jVersion}-${hash}`);
  const runtime = { dir, libDir: path.join(dir, 'lib'), pluginsDir: path.join(dir, 'plugins'), neo4jVersion, apocVersion };
  if (fs.existsSync(dir)) return runtime;

  requireMaven();
  logger.info({ neo4jVersion, apocVersion }, 'fetching Neo4j Community and APOC from Maven Central (first run only)');
  const staging = `${dir}.partial`; // left by an interrupted fetch: removed and fetched again
  fs.rmSync(staging, { recursive: true, force: true });
  const started = Date.now();
  const output = await run('mvn', ['-B', '-q', '-ntp', '-f', neo4jRuntimePom, 'package', `-Dneo4j.runtime.dir=${staging}`]);
  if (output.code !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw errors.neo4jUnusable(`Maven could not fetch the Neo4j runtime (exit ${output.code}):\n${output.text.trim().split('\n').slice(-20).join('\n')}`);
  }
  fs.renameSync(staging, dir);
  logger.info({ dir, seconds: Math.round((Date.now() - started) / 1000) }, 'Neo4j runtime cached');
  return runtime;
}

function run(command: string, args: string[]): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    child.stderr.on('data', (chunk) => (text += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, text }));
  });
}
