import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Copy, DockerfileParser } from 'dockerfile-ast';
import { packageRoot } from '../../src/paths';
import { testConnection } from '../support/database';
import { freePort } from '../support/ports';

/**
 * No Docker engine runs where the tests do, so the image's build is checked by doing what the
 * Dockerfile says, step by step, in a temporary folder: each stage gets a folder standing for its
 * file system, COPY copies from the build context (less .dockerignore) or another stage, WORKDIR
 * and ENV apply, and RUN runs its command with sh. Then the last stage's CMD is run against the
 * test Neo4j, and its HEALTHCHECK asked. A COPY of a file that is not there, a build step that
 * fails, or a runtime that misses a module it needs fails here, as it would in `docker build`.
 */

interface Stage {
  name: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
}

const dockerfile = DockerfileParser.parse(fs.readFileSync(path.join(packageRoot, 'Dockerfile'), 'utf8'));
const ignored = fs
  .readFileSync(path.join(packageRoot, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim().replace(/^\/|\/$/g, ''))
  .filter((l) => l && !l.startsWith('#'));

const inStage = (stage: Stage, target: string) => path.join(stage.root, path.posix.isAbsolute(target) ? target : path.posix.join(stage.workdir, target));

/** COPY [--from=stage] sources… destination, with Docker's rules for folders and a trailing slash. */
function copy(instruction: Copy, stage: Stage, stages: Map<string, Stage>): void {
  const from = instruction
    .getFlags()
    .find((f) => f.getName() === 'from')
    ?.getValue();
  const args = instruction.getArguments().map((a) => a.getValue());
  const destination = args.pop()!;
  const source = from ? stages.get(from) : undefined;
  if (from && !source) throw new Error(`COPY --from=${from}: no such stage`);
  for (const arg of args) {
    const file = source ? inStage(source, arg) : path.join(packageRoot, arg);
    if (!source && ignored.some((i) => arg === i || arg.startsWith(`${i}/`))) throw new Error(`COPY ${arg}: excluded by .dockerignore`);
    if (!fs.existsSync(file)) throw new Error(`COPY ${arg}: not found in ${source ? `stage ${from}` : 'the build context'}`);
    const into = destination.endsWith('/') || args.length > 1 ? path.join(inStage(stage, destination), path.basename(arg)) : inStage(stage, destination);
    fs.mkdirSync(path.dirname(into), { recursive: true });
    fs.cpSync(file, into, {
      recursive: true,
      filter: (f) => source !== undefined || !ignored.some((i) => path.relative(packageRoot, f).split(path.sep).includes(i)),
    });
  }
}

/**
 * The same commands, without what only costs time here: packages come from npm's cache when it
 * has them (a clean machine fetches them, as docker build does), and no audit or funding notes.
 */
const NPM_QUIET = { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

/** A command in exec form (["node", "x"]) or shell form. */
function command(text: string): string[] {
  return text.trim().startsWith('[') ? (JSON.parse(text) as string[]) : ['sh', '-c', text];
}

function build(folder: string): { last: Stage; cmd: string[]; healthcheck: string[] } {
  const stages = new Map<string, Stage>();
  let stage: Stage | undefined;
  let cmd: string[] = [];
  let healthcheck: string[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const [, alias] = /\bAS\s+(\S+)/i.exec(instruction.getArgumentsContent() ?? '') ?? [];
      const name = alias ?? `stage-${stages.size}`;
      stage = { name, root: path.join(folder, name), workdir: '/', env: {} };
      fs.mkdirSync(stage.root, { recursive: true });
      stages.set(name, stage);
      continue;
    }
    if (!stage) throw new Error(`${keyword} before FROM`);
    if (keyword === 'WORKDIR') {
      stage.workdir = path.posix.resolve(stage.workdir, instruction.getArgumentsContent()!.trim());
      fs.mkdirSync(inStage(stage, '.'), { recursive: true });
    } else if (keyword === 'ENV') {
      for (const [, name, value] of (instruction.getArgumentsContent() ?? '').matchAll(/(\w+)=(\S+)/g)) stage.env[name!] = value!;
    } else if (keyword === 'COPY') {
      copy(instruction as Copy, stage, stages);
    } else if (keyword === 'RUN') {
      const [program, ...args] = command(instruction.getArgumentsContent() ?? '');
      const run = spawnSync(program!, args, {
        cwd: inStage(stage, '.'),
        env: { ...process.env, ...NPM_QUIET, ...stage.env },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (run.status !== 0) throw new Error(`RUN ${instruction.getArgumentsContent()} failed (${run.status}):\n${`${run.stdout}${run.stderr}`.slice(-3000)}`);
    } else if (keyword === 'CMD') {
      cmd = command(instruction.getArgumentsContent() ?? '');
    } else if (keyword === 'HEALTHCHECK') {
      // HEALTHCHECK [--interval=… …] CMD command
      const [, check] = /\bCMD\s+([\s\S]*)$/.exec(instruction.getArgumentsContent() ?? '') ?? [];
      healthcheck = check ? command(check) : [];
    }
  }
  return { last: stage!, cmd, healthcheck };
}

describe('the Dockerfile', () => {
  let folder: string;
  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-dockerfile-'));
  });
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('builds, step by step as docker build would, into an image whose command serves GraphQL and passes its health check', async () => {
    const { last, cmd, healthcheck } = build(folder);
    const app = inStage(last, '.');
    // The runtime stage has what its command needs, and no development dependency.
    expect(fs.existsSync(path.join(app, 'dist', 'src', 'cli', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(app, 'node_modules', 'typescript'))).toBe(false);
    expect(cmd.slice(0, 2)).toEqual(['node', 'dist/src/cli/main.js']);

    const port = await freePort();
    const { uri, username, password, database } = testConnection();
    const env = {
      ...process.env,
      ...last.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      NEO4J_URI: uri,
      NEO4J_USERNAME: username,
      NEO4J_PASSWORD: password,
      NEO4J_DATABASE: database,
    };
    const server = spawn(cmd[0]!, cmd.slice(1), { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    try {
      let ready = false;
      for (const deadline = Date.now() + 120_000; !ready && Date.now() < deadline && server.exitCode === null;) {
        ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect({ ready, output: ready ? '' : output.slice(-3000) }).toEqual({ ready: true, output: '' });
      const answer = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
      // The health check, pointed at this port (the image's is 4000).
      const [program, ...args] = healthcheck.map((a) => a.replaceAll(':4000/', `:${port}/`));
      expect(program).toBeDefined();
      expect(spawnSync(program!, args, { cwd: app, env, encoding: 'utf8' }).status).toBe(0);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
  }, 900_000);
});
