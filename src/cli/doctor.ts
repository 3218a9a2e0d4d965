import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, loadConfig } from '../config/env';
import { ConfigError, errors } from '../errors';
import { verifyNeo4jServer } from '../neo4j/compatibility';
import { createDriver } from '../neo4j/driver';
import { managedLayout } from '../neo4j/managed/layout';
import { probeJava, probeMaven } from '../neo4j/managed/prerequisites';
import { neo4jRuntimeLocation } from '../neo4j/managed/runtime';
import { packageRoot } from '../paths';
import { portProblem } from '../util/ports';
import { isAlive } from '../util/processes';

/** One prerequisite's state: fine (with what was found), or wrong and how to fix it. */
export type Finding = { ok: true; what: string; detail: string } | { ok: false; what: string; problem: string; fix: string };

const ok = (what: string, detail: string): Finding => ({ ok: true, what, detail });
const wrong = (what: string, problem: string, fix: string): Finding => ({ ok: false, what, problem, fix });

/** Free space the managed Neo4j wants at least: its runtime (~120 MB), a new database, logs and transaction logs. */
const MIN_FREE_BYTES = 1024 ** 3;
const REACH_TIMEOUT_MS = 5_000;

function nodeVersion(): Finding {
  const wanted = (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { engines?: { node?: string } }).engines?.node ?? '>=20';
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = (/(\d+)(?:\.(\d+))?/.exec(wanted) ?? []).slice(1).map(Number);
  return major > needMajor || (major === needMajor && minor >= needMinor)
    ? ok('Node', `${process.versions.node} (needs ${wanted})`)
    : wrong('Node', `${process.versions.node} is too old (needs ${wanted})`, 'install Node 20.12 or newer (https://nodejs.org, or nvm install 20)');
}

function java(): Finding {
  const { java: executable, notRunnable, major } = probeJava();
  if (notRunnable)
    return wrong(
      'Java',
      notRunnable,
      'install Java 17+ (Debian/Ubuntu: apt-get install openjdk-17-jre-headless) or set JAVA_HOME; or set NEO4J_URI to a Neo4j of your own',
    );
  if (major === undefined || major < 17)
    return wrong('Java', `${executable} is version ${major ?? 'unknown'}, the managed Neo4j needs 17+`, 'install Java 17+ or set JAVA_HOME to one');
  return ok('Java', `${major} (${executable})`);
}

function dockerState(): string | undefined {
  const cli = spawnSync('docker', ['--version'], { encoding: 'utf8', timeout: REACH_TIMEOUT_MS });
  if (cli.error || cli.status !== 0) return undefined;
  const engine = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: REACH_TIMEOUT_MS });
  return engine.status === 0 ? `Docker engine ${engine.stdout.trim()}` : 'the docker command, but no engine answers';
}

/** Maven fetches Neo4j once; after that the cache is enough. Docker is the other way to run Neo4j. */
function runtime(config: Config): Finding[] {
  const location = neo4jRuntimeLocation(config.cacheDir);
  const maven = probeMaven();
  const docker = dockerState();
  const cache = location.cached
    ? ok('Neo4j download cache', `Neo4j ${location.neo4jVersion} and APOC ${location.apocVersion} in ${location.dir}`)
    : maven
      ? ok('Neo4j download cache', `empty: the first start fetches Neo4j ${location.neo4jVersion} (~120 MB) with Maven into ${location.dir}`)
      : wrong(
          'Neo4j download cache',
          `empty, and Maven, which fetches Neo4j, is missing`,
          'install Maven 3.6+ (apt-get install maven), or run Neo4j in Docker: docker compose up -d neo4j and set NEO4J_URI',
        );
  const tools =
    maven || docker
      ? ok('Maven or Docker', [maven ? `Maven ${maven}` : 'no Maven', docker ?? 'no Docker'].join('; '))
      : wrong(
          'Maven or Docker',
          'neither is installed',
          'install Maven (apt-get install maven) to fetch Neo4j, or Docker to run it (docker compose up -d neo4j)',
        );
  return [cache, tools];
}

async function boltPort(config: Config): Promise<Finding> {
  if (config.neo4j.mode !== 'managed') return ok('Bolt port', 'not needed: NEO4J_URI is set');
  const { boltPort } = config.neo4j;
  const pidFile = managedLayout(config.dataDir).pidFile;
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').trim()) : undefined;
  const problem = await portProblem(boltPort);
  if (!problem) return ok('Bolt port', `${boltPort} on 127.0.0.1 is free`);
  const ours = pid !== undefined && isAlive(pid);
  return wrong(
    'Bolt port',
    `${boltPort} on 127.0.0.1 is taken (${problem})${ours ? ` by the managed Neo4j of ${config.dataDir} (pid ${pid})` : ''}`,
    ours
      ? 'stop the ecograph that runs it (Ctrl-C), or use another ECOGRAPH_DATA_DIR'
      : 'set NEO4J_BOLT_PORT to a free port, or NEO4J_URI to the Neo4j that listens there',
  );
}

async function httpPort(config: Config): Promise<Finding> {
  const { host, port } = config.http;
  const problem = await portProblem(port, host);
  return problem
    ? wrong('HTTP port', `${host}:${port} cannot be listened on (${problem})`, 'stop what listens there, or set PORT (and HOST) to a free one')
    : ok('HTTP port', `${host}:${port} is free`);
}

function disk(config: Config): Finding {
  let dir = config.dataDir;
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    return wrong('Disk', `${dir} is not writable`, `set ECOGRAPH_DATA_DIR to a folder you can write to`);
  }
  const stats = fs.statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  const gib = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return free >= MIN_FREE_BYTES
    ? ok('Disk', `${gib(free)} free for ${config.dataDir}`)
    : wrong(
        'Disk',
        `only ${gib(free)} free for ${config.dataDir} (Neo4j wants at least ${gib(MIN_FREE_BYTES)})`,
        'free some space, or set ECOGRAPH_DATA_DIR to a larger disk',
      );
}

async function neo4jUri(config: Config): Promise<Finding> {
  if (config.neo4j.mode !== 'external') return ok('NEO4J_URI', 'not set: ecograph runs a managed local Neo4j');
  const driver = createDriver(config.neo4j);
  try {
    await driver.verifyConnectivity({ database: config.neo4j.database });
    const server = await verifyNeo4jServer(driver, config.neo4j.database);
    return ok('NEO4J_URI', `${config.neo4j.uri} answers: Neo4j ${server.version} ${server.edition}, APOC ${server.apocVersion}`);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? '';
    return wrong(
      'NEO4J_URI',
      `${config.neo4j.uri} (database "${config.neo4j.database}"): ${message}`,
      /auth|credential|unauthori/i.test(message)
        ? 'check NEO4J_USERNAME and NEO4J_PASSWORD'
        : /needs|APOC|version/.test(message)
          ? 'use Neo4j 5.26+ with the APOC core plugin (Docker: NEO4J_PLUGINS=\'["apoc"]\')'
          : 'start that Neo4j, or correct NEO4J_URI (bolt://host:7687, neo4j+s://…), or unset it to let ecograph run one',
    );
  } finally {
    await driver.close();
  }
}

/** Every check, in the order a first start meets them. */
export async function diagnose(env: NodeJS.ProcessEnv = process.env): Promise<Finding[]> {
  const findings: Finding[] = [nodeVersion()];
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [...findings, ...error.problems.map((p) => wrong('Configuration', p, 'correct it in the environment or ./.env (see .env.example)'))];
  }
  findings.push(ok('Configuration', config.neo4j.mode === 'managed' ? 'valid; managed local Neo4j' : `valid; Neo4j at ${config.neo4j.uri}`));
  if (config.neo4j.mode === 'managed') findings.push(java(), ...runtime(config), await boltPort(config), disk(config));
  findings.push(await httpPort(config), await neo4jUri(config));
  return findings;
}

export function formatFinding(finding: Finding): string {
  return finding.ok ? `✓ ${finding.what}: ${finding.detail}` : `✗ ${finding.what}: ${finding.problem}. Fix: ${finding.fix}.`;
}

/** `ecograph doctor`: one line per check; exits with CHECK_FAILED's code when any failed. */
export async function doctorCommand(): Promise<void> {
  const findings = await diagnose();
  for (const finding of findings) console.log(formatFinding(finding));
  const failed = findings.filter((f) => !f.ok).length;
  if (failed > 0) throw errors.checkFailed(`${failed} of ${findings.length} checks failed: see the lines marked ✗ above`);
  console.log(`All ${findings.length} checks passed.`);
}
