import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EagerResult } from 'neo4j-driver';
import { createLogger } from '../../../src/logging';
import { createDriver } from '../../../src/neo4j/driver';
import { ManagedNeo4j, type ManagedNeo4jOptions } from '../../../src/neo4j/managed/managed-neo4j';
import { packageRoot } from '../../../src/paths';
import { testConnection } from '../../support/database';
import { freePort } from '../../support/ports';
import { builtFile, managedNeo4jProcesses, waitUntil } from '../../support/processes';

async function options(dataRoot: string, overrides: Partial<ManagedNeo4jOptions> = {}): Promise<ManagedNeo4jOptions> {
  return {
    dataRoot,
    cacheDir: path.join(packageRoot, '.cache'),
    boltPort: await freePort(),
    database: 'neo4j',
    heapSize: '512m',
    pageCacheSize: '128m',
    startTimeoutMs: 120_000,
    logger: createLogger('silent'),
    ...overrides,
  };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('managed Neo4j', () => {
  let dataRoot: string;
  beforeEach(() => {
    dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-managed-'));
  });
  afterEach(() => {
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  it('starts on loopback with a generated password, keeps data across restarts, and stops leaving no process', async () => {
    const first = await ManagedNeo4j.start(await options(dataRoot));
    const home = first.layout.home;
    const pid = first.pid;
    try {
      expect(managedNeo4jProcesses(home)).toEqual([pid]);
      expect(first.connection.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
      const conf = fs.readFileSync(path.join(first.layout.confDir, 'neo4j.conf'), 'utf8');
      expect(conf).toContain('server.default_listen_address=127.0.0.1');
      expect(conf).toContain('dbms.security.auth_enabled=true');
      expect(fs.statSync(first.layout.passwordFile).mode & 0o777).toBe(0o600);
      expect(first.connection.password).toMatch(/^[0-9a-f]{48}$/);

      const driver = createDriver(first.connection);
      await driver.executeQuery("CREATE (:Probe {name: 'kept'})");
      const apoc = await driver.executeQuery('RETURN apoc.version() AS version');
      expect(apoc.records[0]?.get('version')).toMatch(/^5\.26\./);
      await driver.close();
    } finally {
      await first.stop();
    }
    expect(first.running).toBe(false);
    expect(isAlive(pid)).toBe(false);
    expect(managedNeo4jProcesses(home)).toEqual([]);
    expect(fs.existsSync(first.layout.pidFile)).toBe(false);

    const second = await ManagedNeo4j.start(await options(dataRoot));
    try {
      expect(second.connection.password).toBe(first.connection.password);
      const driver = createDriver(second.connection);
      const probe = await driver.executeQuery<EagerResult<{ name: string }>>('MATCH (p:Probe) RETURN p.name AS name');
      expect(probe.records.map((r) => r.get('name'))).toEqual(['kept']);
      await driver.close();
    } finally {
      await second.stop();
    }
    expect(managedNeo4jProcesses(home)).toEqual([]);
  });

  it('refuses a Bolt port that is taken, naming the setting', async () => {
    const taken = Number(new URL(testConnection().uri.replace(/^\w+:/, 'http:')).port);
    await expect(ManagedNeo4j.start(await options(dataRoot, { boltPort: taken }))).rejects.toThrow(
      new RegExp(`NEO4J_BOLT_PORT ${taken} on 127\\.0\\.0\\.1 is already in use`),
    );
  });

  it('explains a failed start with the lines Neo4j printed, and leaves no process', async () => {
    const failing = ManagedNeo4j.start(await options(dataRoot, { heapSize: '1k' }));
    await expect(failing).rejects.toThrow(/Neo4j exited during start-up[\s\S]*last lines of .*console\.log[\s\S]*heap/i);
    expect(managedNeo4jProcesses(path.join(dataRoot, 'neo4j'))).toEqual([]);
  });

  it('refuses to start a database whose password file was lost', async () => {
    const neo4j = await ManagedNeo4j.start(await options(dataRoot));
    await neo4j.stop();
    fs.rmSync(neo4j.layout.passwordFile);
    await expect(ManagedNeo4j.start(await options(dataRoot))).rejects.toThrow(/password file .* is gone.*delete/s);
  });

  it('dies with its parent: a SIGKILLed ecograph leaves no Java process behind', async () => {
    const opts = await options(dataRoot);
    const script = `
      const { ManagedNeo4j } = require(${JSON.stringify(builtFile('src/neo4j/managed/managed-neo4j.js'))});
      const { createLogger } = require(${JSON.stringify(builtFile('src/logging.js'))});
      ManagedNeo4j.start({ ...${JSON.stringify({ ...opts, logger: undefined })}, logger: createLogger('silent') })
        .then((n) => console.log('READY ' + n.pid), (e) => { console.error(e); process.exit(1); });
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const javaPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (chunk) => {
        out += chunk;
        const match = /READY (\d+)/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited early with ${code}`)));
    });
    expect(isAlive(javaPid)).toBe(true);

    parent.kill('SIGKILL');
    await waitUntil(() => !isAlive(javaPid), 60_000, `Neo4j (pid ${javaPid}) to exit after its parent was killed`);
    expect(managedNeo4jProcesses(path.join(dataRoot, 'neo4j'))).toEqual([]);
  });
});
