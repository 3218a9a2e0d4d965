import { spawnSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { testConnection } from '../support/database';
import { freePort } from '../support/ports';
import { builtFile } from '../support/processes';

function ecograph(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const clean = { ...env };
  delete clean.LOG_LEVEL;
  return spawnSync(process.execPath, [builtFile('src/cli/main.js'), ...args], { encoding: 'utf8', env: clean, timeout: 60_000 });
}

/** The environment without any NEO4J_* variable but those given. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('NEO4J_')) delete env[name];
  return { ...env, ...extra };
}

describe('ecograph --help', () => {
  it('lists every command with a one-line description, and an example of each', () => {
    const help = ecograph(['--help']);
    expect(help.status).toBe(0);
    const listed = help.stdout
      .split('Commands:\n')[1]!
      .split('\n\n')[0]!
      .split('\n')
      .map((line) => /^ {2}(\S+)(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && m[1] !== 'help');
    expect(listed.map((m) => m[1])).toEqual(expect.arrayContaining(['start', 'import', 'export', 'extract', 'review', 'doctor', 'seeds-snapshot']));
    const examples = help.stdout.split('Examples:\n')[1]!;
    for (const [, name, rest] of listed) {
      expect(rest!.trim().length).toBeGreaterThan(10);
      expect(examples).toContain(`ecograph ${name}`);
      const own = ecograph([name!, '--help']);
      expect(own.status).toBe(0);
      expect(own.stdout).toMatch(new RegExp(`Example:\\n {2}ecograph ${name}`));
    }
  });
});

describe('ecograph doctor', () => {
  it('checks each prerequisite on one line and passes when everything is there', async () => {
    const connection = testConnection();
    const run = ecograph(
      ['doctor'],
      envWith({
        NEO4J_URI: connection.uri,
        NEO4J_USERNAME: connection.username,
        NEO4J_PASSWORD: connection.password,
        NEO4J_DATABASE: connection.database,
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
      }),
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.slice(0, -1).every((line) => line.startsWith('✓ '))).toBe(true);
    expect(lines).toContainEqual(expect.stringMatching(/^✓ NEO4J_URI: bolt:\/\/127\.0\.0\.1:\d+ answers: Neo4j 5\.\d+/));
    expect(lines.at(-1)).toBe(`All ${lines.length - 1} checks passed.`);
  });

  it('says what is wrong and how to fix it, one line each, and exits non-zero', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as net.AddressInfo).port;
      const run = ecograph(
        ['doctor'],
        envWith({ NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`, NEO4J_PASSWORD: 'x', PORT: String(port), HOST: '127.0.0.1' }),
      );
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(
        new RegExp(`^✗ HTTP port: 127\\.0\\.0\\.1:${port} cannot be listened on \\(.+\\)\\. Fix: stop what listens there, or set PORT`, 'm'),
      );
      expect(run.stdout).toMatch(/^✗ NEO4J_URI: bolt:\/\/127\.0\.0\.1:\d+ \(database "neo4j"\): .+\. Fix: start that Neo4j, or correct NEO4J_URI/m);
      expect(run.stderr).toMatch(/2 of \d+ checks failed/);
    } finally {
      taken.close();
    }
  });

  it('names a bad variable, and a missing Java for the managed Neo4j', () => {
    const badConfig = ecograph(['doctor'], envWith({ PORT: 'eighty' }));
    expect(badConfig.status).toBe(1);
    expect(badConfig.stdout).toMatch(/^✗ Configuration: PORT="eighty": .+\. Fix: correct it in the environment or \.\/\.env/m);

    const noJava = ecograph(['doctor'], envWith({ JAVA_HOME: '/nonexistent/jdk', ECOGRAPH_DATA_DIR: os.tmpdir(), NEO4J_BOLT_PORT: '1' }));
    expect(noJava.status).toBe(1);
    expect(noJava.stdout).toMatch(/^✗ Java: .+\. Fix: install Java 17\+/m);
  });
});
