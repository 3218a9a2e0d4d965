import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { errors } from '../../errors';
import type { Logger } from '../../logging';
import { createDriver, type Neo4jConnection, waitForDatabase } from '../driver';
import { jvmOptions, type ManagedSettings, renderNeo4jConf } from './conf';
import { type ManagedLayout, managedLayout } from './layout';
import { ensurePassword } from './password';
import { classDataSharing, type ClassDataSharing } from './class-data';
import { javaExecutable, requireJavaRuntime } from './prerequisites';
import { ensureNeo4jRuntime } from './runtime';
import { isAlive } from '../../util/processes';

export interface ManagedNeo4jOptions extends ManagedSettings {
  /** The data folder root; Neo4j lives in its `neo4j/` subfolder. */
  dataRoot: string;
  cacheDir: string;
  startTimeoutMs: number;
  logger: Logger;
  /** Aborting it gives up a start under way: the process is stopped and start() throws. */
  signal?: AbortSignal;
}

/** How the Neo4j process ended: its exit code, or the signal that ended it. */
export interface Neo4jExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const STOP_TIMEOUT_MS = 60_000;
const LOG_TAIL_LINES = 25;

/** A Neo4j Community server that ecograph runs as its own child process. */
export class ManagedNeo4j {
  /** Settles when the process has ended, whoever ended it. */
  readonly exited: Promise<Neo4jExit>;
  private exitCode: number | null | undefined;
  private answered: Promise<void> | undefined;
  private readonly launchedAt = Date.now();
  private stopRequested = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly layout: ManagedLayout,
    readonly connection: Neo4jConnection,
    readonly neo4jVersion: string,
    private readonly logger: Logger,
    private readonly classData: ClassDataSharing,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        fs.rmSync(layout.pidFile, { force: true });
        fs.rmSync(layout.connectionFile, { force: true });
        try {
          classData.settle(signal ? null : code);
        } catch (error) {
          logger.warn({ err: error }, 'could not keep the class-data archive; the next start records it again');
        }
        resolve({ code, signal });
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Whether ecograph asked it to stop (so an exit is no failure). */
  get stopping(): boolean {
    return this.stopRequested;
  }

  /** Fetches (first time), configures and starts Neo4j, and resolves once its database answers. */
  static async start(options: ManagedNeo4jOptions): Promise<ManagedNeo4j> {
    const neo4j = await ManagedNeo4j.launch(options);
    await neo4j.answering(options.startTimeoutMs);
    return neo4j;
  }

  /**
   * Fetches (first time), configures and spawns Neo4j, without waiting for it to answer: the
   * caller can do its own start-up work meanwhile, then wait with answering().
   */
  static async launch(options: ManagedNeo4jOptions): Promise<ManagedNeo4j> {
    const { logger } = options;
    const java = requireJavaRuntime();
    const runtime = await ensureNeo4jRuntime(options.cacheDir, logger);
    // Neo4j's own launcher puts plugins first on the classpath: APOC registers extensions there.
    const classPath = [`${runtime.pluginsDir}/*`, `${runtime.libDir}/*`];
    const classData = classDataSharing(runtime.dir, classPath, java.banner);
    const layout = managedLayout(options.dataRoot);
    for (const dir of [layout.confDir, layout.dataDir, layout.logsDir, layout.runDir, layout.importDir]) {
      fs.mkdirSync(dir, { recursive: true });
    }
    refuseIfAlreadyRunning(layout);
    await refuseIfPortTaken(options.boltPort);

    fs.writeFileSync(`${layout.confDir}/neo4j.conf`, renderNeo4jConf(layout, runtime.pluginsDir, options));
    const password = ensurePassword(layout, runtime.libDir, javaExecutable());

    const console = fs.openSync(layout.consoleLog, 'a');
    const javaArgs = [
      ...jvmOptions(options.heapSize),
      ...classData.jvmOptions,
      // Marks the process as ours, so it can be told apart from any other Java on the machine.
      `-Decograph.neo4j.home=${layout.home}`,
      '-cp',
      classPath.join(':'),
      'org.neo4j.server.CommunityEntryPoint',
      `--home-dir=${layout.home}`,
      `--config-dir=${layout.confDir}`,
    ];
    // setpriv makes the kernel send SIGTERM to Neo4j if ecograph dies without stopping it, so no
    // Java process outlives its parent. Neo4j then gets its own process group: a Ctrl-C reaches
    // ecograph only, which drains HTTP before it stops the database.
    const parentDeath = hasSetpriv();
    const child = parentDeath
      ? spawn('setpriv', ['--pdeathsig', 'TERM', '--', javaExecutable(), ...javaArgs], { stdio: ['ignore', console, console], detached: true })
      : spawn(javaExecutable(), javaArgs, { stdio: ['ignore', console, console] });
    fs.closeSync(console);
    const connection: Neo4jConnection = {
      uri: `bolt://127.0.0.1:${options.boltPort}`,
      username: 'neo4j',
      password,
      database: options.database,
    };
    fs.writeFileSync(layout.pidFile, `${child.pid}\n`);
    // The password stays in its own file (mode 600); this one says where the server listens.
    const running: RunningConnection = { uri: connection.uri, database: connection.database };
    fs.writeFileSync(layout.connectionFile, `${JSON.stringify(running)}\n`);
    const neo4j = new ManagedNeo4j(child, layout, connection, runtime.neo4jVersion, logger, classData, options.signal);
    logger.info(
      {
        neo4jPid: child.pid,
        bolt: connection.uri,
        user: connection.username,
        passwordFile: layout.passwordFile,
        home: layout.home,
        version: runtime.neo4jVersion,
      },
      'starting managed Neo4j',
    );
    return neo4j;
  }

  /** Resolves once the database answers (at most `timeoutMs` after launch); a failure stops Neo4j. Safe to call again. */
  answering(timeoutMs: number): Promise<void> {
    return (this.answered ??= this.waitUntilAnswering(timeoutMs));
  }

  private async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const { connection, layout } = this;
    const driver = createDriver(connection);
    try {
      await waitForDatabase(driver, connection.database, {
        timeoutMs: Math.max(0, this.launchedAt + timeoutMs - Date.now()),
        abortReason: () =>
          this.signal?.aborted
            ? 'the start was given up (ecograph is stopping)'
            : this.running
              ? undefined
              : `Neo4j exited during start-up (exit code ${this.exitCode}).\n${this.logTail()}`,
      });
    } catch (error) {
      await this.stop();
      const reason = (error as Error).message;
      throw errors.neo4jUnusable(reason.includes(layout.consoleLog) ? reason : `${reason}\n${this.logTail()}`, error);
    } finally {
      await driver.close();
    }
    this.logger.info({ seconds: (Date.now() - this.launchedAt) / 1000 }, 'managed Neo4j is ready');
  }

  /** Stops Neo4j (SIGTERM, then SIGKILL after a minute, or three while it records its class-data archive) and resolves once the process is gone. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    if (!this.running) return;
    const { recording } = this.classData;
    this.logger.info(
      { neo4jPid: this.pid },
      recording ? 'stopping managed Neo4j; this first time it also saves its class-data archive, so that later starts are faster' : 'stopping managed Neo4j',
    );
    this.child.kill('SIGTERM');
    const timeoutMs = recording ? 3 * STOP_TIMEOUT_MS : STOP_TIMEOUT_MS;
    const timer = setTimeout(() => {
      this.logger.warn({ neo4jPid: this.pid }, `Neo4j did not stop within ${timeoutMs / 1000} s; killing it`);
      this.child.kill('SIGKILL');
    }, timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last lines of Neo4j's console output and user log: what explains a failed start. */
  logTail(): string {
    const parts: string[] = [];
    for (const file of [this.layout.consoleLog, `${this.layout.logsDir}/neo4j.log`]) {
      if (!fs.existsSync(file)) continue;
      const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-LOG_TAIL_LINES);
      if (lines.join('').trim()) parts.push(`--- last lines of ${file}\n${lines.join('\n')}`);
    }
    return parts.join('\n') || `(Neo4j wrote no log; see ${this.layout.logsDir})`;
  }
}

/** Where a running managed Neo4j listens (its password is in the layout's password file). */
interface RunningConnection {
  uri: string;
  database: string;
}

/**
 * The connection to the managed Neo4j that an ecograph (the service, typically) runs on this data
 * folder, when one does: so that `ecograph import` or `export` beside a running service use its
 * database rather than trying to start a second Neo4j on the same files.
 */
export function runningManagedNeo4j(dataRoot: string): Neo4jConnection | undefined {
  const layout = managedLayout(dataRoot);
  if (!fs.existsSync(layout.pidFile) || !fs.existsSync(layout.connectionFile) || !fs.existsSync(layout.passwordFile)) return undefined;
  const pid = Number(fs.readFileSync(layout.pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const running = JSON.parse(fs.readFileSync(layout.connectionFile, 'utf8')) as RunningConnection;
  return { uri: running.uri, username: 'neo4j', password: fs.readFileSync(layout.passwordFile, 'utf8').trim(), database: running.database };
}

function hasSetpriv(): boolean {
  return process.platform === 'linux' && spawnSync('setpriv', ['--version']).status === 0;
}

function refuseIfAlreadyRunning(layout: ManagedLayout): void {
  if (!fs.existsSync(layout.pidFile)) return;
  const pid = Number(fs.readFileSync(layout.pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw errors.neo4jUnusable(
      `A managed Neo4j (pid ${pid}) is already running on ${layout.home}: another ecograph service uses this data folder. ` +
        `Stop it first, or use another ECOGRAPH_DATA_DIR. (ecograph import and export run beside it and use its database.)`,
    );
  }
  fs.rmSync(layout.pidFile, { force: true });
}

function refuseIfPortTaken(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `NEO4J_BOLT_PORT ${port} on 127.0.0.1 is already in use. Set NEO4J_BOLT_PORT to a free port, ` +
                `or set NEO4J_URI to use the Neo4j that listens there.`
            : `Cannot check NEO4J_BOLT_PORT ${port}: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
