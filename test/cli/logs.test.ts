import { spawn } from 'node:child_process';
import { oneLine } from '../../src/logging';
import { freePort } from '../support/ports';
import { builtFile, waitUntil } from '../support/processes';

describe('pretty log lines', () => {
  it('put a request on one line: method, path, status, time, then the fields, then the request id', () => {
    const line = oneLine({
      level: 30,
      time: 1,
      msg: 'request completed',
      req: { id: 'req-1', method: 'POST', path: '/graphql' },
      res: { statusCode: 200 },
      responseTime: 12,
      operationName: 'Search',
    });
    expect(line).toBe('request completed POST /graphql 200 12ms operationName=Search (req-1)');
  });

  it('say an error by its type and message, and quote values with spaces', () => {
    expect(oneLine({ msg: 'shutdown failed', err: { type: 'Error', message: 'it broke', stack: 'Error: it broke\n    at x' }, note: 'two words' })).toBe(
      'shutdown failed err="Error: it broke" note="two words"',
    );
  });
});

/** This process's environment less a LOG_FORMAT of its own: each test chooses. */
function inherited(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.LOG_FORMAT;
  return env;
}

/**
 * Runs the built CLI's start, under a pseudo-terminal (script(1)) as a user's terminal would, or
 * with its output piped (a container, CI, a file), until it logs that it is not ready; returns
 * what it wrote.
 */
async function startLogs(env: Record<string, string>, ms: number, terminal = true): Promise<string> {
  const cli = builtFile('src/cli/main.js');
  const [program, args] = terminal ? ['script', ['-qfec', `${process.execPath} ${cli} start`, '/dev/null']] : [process.execPath, [cli, 'start']];
  const child = spawn(program, args, {
    env: { ...inherited(), ...env, TERM: 'xterm-256color' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitUntil(() => output.includes('not ready'), ms, `a log line on the terminal; so far:\n${output}`);
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
  return output;
}

describe('logs on a terminal', () => {
  // A Neo4j that is not there: the service stays up, not ready, and logs why, once.
  const unreachable = async () => ({
    NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`,
    NEO4J_PASSWORD: 'x',
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
  });

  it('are one coloured line per event, not JSON', async () => {
    const output = await startLogs(await unreachable(), 60_000);
    const lines = output.split(/\r?\n/).filter((l) => l.includes('not ready'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${String.fromCharCode(27)}[`); // an ANSI colour
    expect(lines[0]).toMatch(/\d\d:\d\d:\d\d\.\d{3}/); // the time of day
    expect(lines[0]).toContain('WARN');
    expect(lines[0]).not.toMatch(/^\{"level"/);
  });

  it('are JSON lines on a terminal too with LOG_FORMAT=json', async () => {
    const output = await startLogs({ ...(await unreachable()), LOG_FORMAT: 'json' }, 60_000);
    const line = output.split(/\r?\n/).find((l) => l.includes('not ready'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 40, msg: expect.stringContaining('not ready') as unknown });
  });
});

describe('logs that do not go to a terminal', () => {
  const unreachable = async () => ({
    NEO4J_URI: `bolt://127.0.0.1:${await freePort()}`,
    NEO4J_PASSWORD: 'x',
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
  });

  it('are JSON lines, one object per line, without colour', async () => {
    const output = await startLogs(await unreachable(), 60_000, false);
    const lines = output.split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(output).not.toContain(String.fromCharCode(27));
  });

  it('are pretty lines with LOG_FORMAT=pretty', async () => {
    const output = await startLogs({ ...(await unreachable()), LOG_FORMAT: 'pretty' }, 60_000, false);
    const line = output.split('\n').find((l) => l.includes('not ready'))!;
    expect(line).toContain('WARN');
    expect(() => JSON.parse(line) as unknown).toThrow();
  });
});
