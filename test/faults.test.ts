import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EagerResult, Integer } from 'neo4j-driver';
import { loadConfig } from '../src/config/env';
import { createLogger } from '../src/logging';
import { createDriver } from '../src/neo4j/driver';
import { ManagedNeo4j, type ManagedNeo4jOptions } from '../src/neo4j/managed/managed-neo4j';
import { packageRoot } from '../src/paths';
import { type RunningService, startService } from '../src/service';
import { testConnection, testDriver, testSchemaFiles } from './support/database';
import { freePort } from './support/ports';
import { builtFile, waitUntil } from './support/processes';

// Faults against a real Neo4j: one of its own, which the tests stop and start.

function neo4jOptions(dataRoot: string, boltPort: number): ManagedNeo4jOptions {
  return {
    dataRoot,
    cacheDir: path.join(packageRoot, '.cache'),
    boltPort,
    database: 'neo4j',
    heapSize: '512m',
    pageCacheSize: '128m',
    startTimeoutMs: 120_000,
    logger: createLogger('silent'),
  };
}

const QUERY = '{ organizations(limit: 1) { key } }';

async function ask(url: string, timeoutMs: number) {
  const started = Date.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
    return { status: response.status, ms: Date.now() - started, code: body.errors?.[0]?.extensions?.code, message: body.errors?.[0]?.message };
  } catch (error) {
    return { status: 0, ms: Date.now() - started, code: 'NO_ANSWER', message: (error as Error).message };
  }
}

describe('faults', () => {
  let dataRoot: string;
  let boltPort: number;
  let neo4j: ManagedNeo4j | undefined;
  let service: RunningService | undefined;

  beforeEach(async () => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-faults-'));
    boltPort = await freePort();
  });
  afterEach(async () => {
    await service?.stop();
    await neo4j?.stop();
    service = undefined;
    neo4j = undefined;
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  async function serviceOn(password: string, timeoutMs = 10_000) {
    const env = { ...process.env, NEO4J_URI: `bolt://127.0.0.1:${boltPort}`, NEO4J_PASSWORD: password, PORT: '0', NEO4J_QUERY_TIMEOUT_MS: String(timeoutMs) };
    return startService(loadConfig(env), testSchemaFiles(), createLogger('silent'));
  }

  it('Neo4j down at start: live but not ready, and ready within 10 s of Neo4j coming up', async () => {
    // A deployment that ran before (its graph seeded), whose Neo4j is down when ecograph starts.
    const first = await ManagedNeo4j.start(neo4jOptions(dataRoot, boltPort));
    const { password } = first.connection;
    const earlier = await serviceOn(password);
    expect(earlier.readiness.prepared).toBe(true);
    await earlier.stop();
    await first.stop();

    service = await serviceOn(password);
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${service.url}/health/ready`)).status).toBe(503);
    const early = await ask(service.url, 10_000);
    expect(early).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(early.message).toMatch(/not ready: Neo4j cannot be used yet/);
    expect(early.ms).toBeLessThan(3_000);

    neo4j = await ManagedNeo4j.start(neo4jOptions(dataRoot, boltPort));
    const upAt = Date.now();
    const url = service.url;
    let ready = false;
    while (!ready && Date.now() - upAt < 20_000) {
      ready = (await fetch(`${url}/health/ready`)).status === 200;
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const readyAfterMs = Date.now() - upAt;
    console.log(`fault: ready ${readyAfterMs} ms after Neo4j answered`);
    expect(ready).toBe(true);
    expect(readyAfterMs).toBeLessThan(10_000);
    expect(await ask(url, 10_000)).toMatchObject({ status: 200, code: undefined });
  }, 300_000); // the first service seeds the default graph (17 files) into a new Neo4j

  it('Neo4j restarted under load: requests fail fast with a clear error, and success resumes without restarting the service', async () => {
    neo4j = await ManagedNeo4j.start(neo4jOptions(dataRoot, boltPort));
    const timeoutMs = 5_000;
    service = await serviceOn(neo4j.connection.password, timeoutMs);
    const url = service.url;
    expect((await ask(url, timeoutMs)).status).toBe(200);

    const results: { at: number; status: number; ms: number; code?: string; message?: string }[] = [];
    let running = true;
    const started = Date.now();
    const load = (async () => {
      while (running && Date.now() - started < 120_000) {
        const batch = await Promise.all([0, 1].map(() => ask(url, timeoutMs + 5_000)));
        results.push(...batch.map((r) => ({ at: Date.now() - started, ...r })));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const downAt = Date.now() - started;
    await neo4j.stop();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    neo4j = await ManagedNeo4j.start(neo4jOptions(dataRoot, boltPort));
    const upAt = Date.now() - started;
    await waitUntil(() => results.some((r) => r.at > upAt && r.status === 200), 30_000, 'a success after the restart');
    const recoveredAt = results.find((r) => r.at > upAt && r.status === 200)!.at;
    running = false;
    await load;

    const failures = results.filter((r) => r.status !== 200);
    console.log(
      `fault: ${results.length} requests, ${failures.length} failed while Neo4j was down (${upAt - downAt} ms); ` +
        `slowest failure ${Math.max(0, ...failures.map((f) => f.ms))} ms; success ${recoveredAt - upAt} ms after Neo4j answered`,
    );
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) {
      expect(failure.code).toBe('SERVICE_UNAVAILABLE');
      expect(failure.status).toBe(503);
      expect(failure.message).toBe('Neo4j is not available right now; try again shortly.');
      expect(failure.ms).toBeLessThan(timeoutMs);
    }
    expect(recoveredAt - upAt).toBeLessThan(10_000);
    expect(results.filter((r) => r.at > recoveredAt).every((r) => r.status === 200)).toBe(true);
  }, 300_000); // the first service seeds the default graph (17 files) into a new Neo4j
});

describe('an import killed with SIGKILL', () => {
  const FILES = 4;
  const PER_FILE = 3_000;
  let dir: string;

  function writeSeeds() {
    for (let f = 0; f < FILES; f += 1) {
      const entities: object[] = [{ key: 'country:se', type: 'Country', name: 'Sweden', aliases: [] }];
      const relationships: object[] = [];
      for (let i = 0; i < PER_FILE; i += 1) {
        const key = `org:sigkill-${f}-${i}`;
        entities.push({ key, type: 'Organization', name: `SIGKILL test organisation ${f}-${i}`, aliases: [], kind: 'COMPANY' });
        relationships.push({ type: 'LOCATED_IN', from: key, to: 'country:se' });
      }
      const seed = {
        formatVersion: 1,
        source: { key: `source:sigkill:${f}`, kind: 'OTHER', title: `SIGKILL test ${f}`, retrieved: '2026-11-22' },
        entities,
        relationships,
      };
      fs.writeFileSync(path.join(dir, `sigkill-${f}.json`), JSON.stringify(seed));
    }
  }

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-sigkill-'));
    writeSeeds();
  });
  afterAll(async () => {
    const driver = testDriver();
    await driver.executeQuery(
      "MATCH (n) WHERE n.key STARTS WITH 'org:sigkill-' OR n.key STARTS WITH 'source:sigkill:' DETACH DELETE n",
      {},
      { database: testConnection().database },
    );
    await driver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function perFile() {
    const driver = createDriver(testConnection());
    try {
      const { records } = await driver.executeQuery<EagerResult<{ f: Integer; organizations: Integer; located: Integer; sources: Integer }>>(
        `UNWIND range(0, $files - 1) AS f
         RETURN f, COUNT { MATCH (n:Organization) WHERE n.key STARTS WITH 'org:sigkill-' + f + '-' } AS organizations,
                COUNT { MATCH (n:Organization)-[:LOCATED_IN]->(:Country) WHERE n.key STARTS WITH 'org:sigkill-' + f + '-' } AS located,
                COUNT { MATCH (s:Source {key: 'source:sigkill:' + f}) } AS sources`,
        { files: FILES },
        { database: testConnection().database },
      );
      return records.map((r) => ({
        organizations: r.get('organizations').toNumber(),
        located: r.get('located').toNumber(),
        sources: r.get('sources').toNumber(),
      }));
    } finally {
      await driver.close();
    }
  }

  it('leaves each file whole or absent, and a second run completes with no duplicates', async () => {
    const importer = spawn(process.execPath, [builtFile('src/cli/main.js'), 'import', dir], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    importer.stdout.on('data', (chunk) => (output += chunk));
    importer.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => importer.once('exit', resolve));
    // Kill it once the first file has committed, while a later one is being written.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await perFile()).every((f) => f.sources === 0)) await new Promise((r) => setTimeout(r, 50));
    importer.kill('SIGKILL');
    await exited;

    const afterKill = await perFile();
    const whole = afterKill.filter((f) => f.sources === 1);
    console.log(`fault: SIGKILL after ${whole.length} of ${FILES} files committed`);
    expect(whole.length).toBeGreaterThan(0);
    expect(whole.length).toBeLessThan(FILES); // killed mid-run
    for (const file of afterKill) {
      // One transaction per file: all of a file, or none of it.
      if (file.sources === 1) expect(file).toEqual({ organizations: PER_FILE, located: PER_FILE, sources: 1 });
      else expect(file).toEqual({ organizations: 0, located: 0, sources: 0 });
    }

    const rerun = spawn(process.execPath, [builtFile('src/cli/main.js'), 'import', dir], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let rerunOutput = '';
    rerun.stdout.on('data', (chunk) => (rerunOutput += chunk));
    rerun.stderr.on('data', (chunk) => (rerunOutput += chunk));
    const code = await new Promise((resolve) => rerun.once('exit', resolve));
    expect({ code, rerunOutput }).toMatchObject({ code: 0 });
    expect(await perFile()).toEqual(Array.from({ length: FILES }, () => ({ organizations: PER_FILE, located: PER_FILE, sources: 1 })));

    const driver = testDriver();
    const duplicates = await driver.executeQuery<EagerResult<{ duplicated: Integer }>>(
      "MATCH (n:Entity) WHERE n.key STARTS WITH 'org:sigkill-' WITH n.key AS key, count(*) AS copies WHERE copies > 1 RETURN count(*) AS duplicated",
      {},
      { database: testConnection().database },
    );
    await driver.close();
    expect(duplicates.records[0]?.get('duplicated').toNumber()).toBe(0);
  });
});
