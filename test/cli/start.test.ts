import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/paths';
import { freePort } from '../support/ports';
import { builtFile, managedNeo4jProcesses, READY_LINE, waitUntil } from '../support/processes';

/** The environment of a user who has set nothing: the test run's NEO4J_* variables removed. */
function pristineEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of Object.keys(env)) if (name.startsWith('NEO4J_') && !(name in extra)) delete env[name];
  return env;
}

describe('npm start', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-start-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('serves GraphQL from a managed Neo4j, imports beside it into its database, and Ctrl-C stops both, leaving no Java process', async () => {
    const port = await freePort();
    const env = pristineEnv({
      ECOGRAPH_DATA_DIR: dataDir,
      PORT: String(port),
      NEO4J_BOLT_PORT: String(await freePort()),
      NEO4J_HEAP_SIZE: '512m',
      NEO4J_PAGECACHE_SIZE: '128m',
    });
    // Its own process group, like a shell job: Ctrl-C signals the whole group.
    const npm = spawn('npm', ['start'], { cwd: packageRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    npm.stdout.on('data', (chunk) => (output += chunk));
    npm.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<string>((resolve) => npm.once('exit', (code, signal) => resolve(signal ?? String(code))));
    const neo4jHome = path.join(dataDir, 'neo4j');

    try {
      // The start-up's last line: the database is prepared (seeded) and GraphQL answers.
      await waitUntil(
        () => READY_LINE.test(output),
        240_000,
        () => `npm start to be ready; output so far:\n${output}`,
      );
      expect(managedNeo4jProcesses(neo4jHome)).toHaveLength(1);

      const response = await fetch(`http://localhost:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ __typename organizations(where: { key: { in: ["org:umea-university", "org:vinnova"] } }, sort: [{ key: ASC }]) { key } }',
        }),
      });
      // The managed database started empty, so npm start loaded seeds/ into it.
      const body = (await response.json()) as { data: { __typename: string; organizations: { key: string }[] } };
      expect(body.data.__typename).toBe('Query');
      expect(body.data.organizations).toEqual([{ key: 'org:umea-university' }, { key: 'org:vinnova' }]);
      expect(output).toContain('empty graph seeded from');

      // A curator's loop: with the service running, `ecograph import` and `export` use its Neo4j,
      // and the service answers with the new facts at once.
      const seed = path.join(dataDir, 'curated.yaml');
      fs.writeFileSync(
        seed,
        [
          'formatVersion: 1',
          'source: { key: "source:test:curated", kind: OTHER, title: A curated note }',
          'entities:',
          '  - { key: "org:curated-while-running", type: Organization, name: Curated While Running AB, aliases: [], kind: COMPANY }',
          'relationships: []',
        ].join('\n'),
      );
      const cli = builtFile('src/cli/main.js');
      const imported = spawnSync(process.execPath, [cli, 'import', seed], { cwd: packageRoot, env, encoding: 'utf8' });
      expect({ status: imported.status, stderr: imported.stderr }).toEqual({ status: 0, stderr: '' });
      expect(imported.stdout).toMatch(/created/);
      expect(managedNeo4jProcesses(neo4jHome)).toHaveLength(1);
      const after = await fetch(`http://localhost:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ organizations(where: { key: { eq: "org:curated-while-running" } }) { name } }' }),
      });
      expect(await after.json()).toEqual({ data: { organizations: [{ name: 'Curated While Running AB' }] } });
      const exported = spawnSync(process.execPath, [cli, 'export', '--source', 'source:test:curated'], { cwd: packageRoot, env, encoding: 'utf8' });
      expect(exported.status).toBe(0);
      expect(exported.stdout).toContain('org:curated-while-running');
    } finally {
      process.kill(-npm.pid!, 'SIGINT');
    }
    // npm itself ends by re-raising the SIGINT it got, as a shell expects; ecograph exits cleanly.
    expect(['0', 'SIGINT']).toContain(await exited);
    expect(output).toContain('ecograph stopped');
    expect(output).not.toContain('second signal');
    expect(managedNeo4jProcesses(neo4jHome)).toEqual([]);
    // A first start: Neo4j's own start alone can take minutes on a loaded 2-core machine.
  }, 360_000);
});

describe('ecograph start with bad set-up', () => {
  const cli = () => builtFile('src/cli/main.js');

  it('exits non-zero naming every bad variable', () => {
    const run = spawnSync(process.execPath, [cli(), 'start'], {
      env: pristineEnv({ PORT: 'eighty', LOG_LEVEL: 'loud' }),
      encoding: 'utf8',
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('Invalid configuration');
    expect(run.stderr).toContain('PORT="eighty": expected a TCP port as a whole number from 0 to 65535');
    expect(run.stderr).toContain('LOG_LEVEL="loud"');
    expect(run.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('exits non-zero with one clear message when Java is missing', () => {
    const run = spawnSync(process.execPath, [cli(), 'start'], {
      env: pristineEnv({ JAVA_HOME: '/nonexistent/jdk', ECOGRAPH_DATA_DIR: os.tmpdir() }),
      encoding: 'utf8',
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toMatch(/^ecograph: The managed local Neo4j needs Java 17 or newer/);
    expect(run.stderr).toContain('NEO4J_URI');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
