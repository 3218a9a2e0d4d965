import { type EcographError, errors } from '../../errors';
import type { Neo4jConnection } from '../driver';
import { ManagedNeo4j, type Neo4jExit, type ManagedNeo4jOptions } from './managed-neo4j';

/** Waits before each start after a death, in turn; when they are used up, the supervisor gives up. */
export const RESTART_DELAYS_MS = [0, 1_000, 2_000, 4_000, 8_000];
/** A Neo4j that ran this long since its last start was well: a death after that starts the count of tries anew. */
export const STABLE_MS = 60_000;

export interface SupervisorOptions extends ManagedNeo4jOptions {
  restartDelaysMs?: number[];
  stableMs?: number;
}

/** What the service hears from the supervisor. */
export interface SupervisorEvents {
  /** Neo4j died and is being started again: the database cannot be used until `up`. */
  down(problem: string): void;
  /** Neo4j was started again and answers. */
  up(): void;
  /** Neo4j could not be started again: the service cannot recover by itself. */
  gaveUp(error: EcographError): void;
}

/** Nobody listening yet: deaths are still logged and restarted. */
const UNHEEDED: SupervisorEvents = { down: () => undefined, up: () => undefined, gaveUp: () => undefined };

const describeExit = ({ code, signal }: Neo4jExit) => (signal ? `killed by ${signal}` : `exited with code ${code}`);

/**
 * The managed Neo4j, kept running: when its process ends without ecograph asking, the death is
 * logged at once (exit code or signal, the last lines of its logs), and Neo4j is started again on
 * the same data and port, after 0, 1, 2, 4 and 8 s for successive failed tries; a Neo4j that dies
 * again soon after a restart counts as a failed try. When the tries are used up, it gives up: the
 * service is told (it reports itself not live, and the command line exits with EX_UNAVAILABLE) so
 * that a process supervisor can act.
 */
export class Neo4jSupervisor {
  private neo4j: ManagedNeo4j;
  private tries = 0;
  private upSince = Date.now();
  private stopped = false;
  private failure: EcographError | undefined;
  private readonly abort = new AbortController();
  private restarting: Promise<void> | undefined;
  private answered: Promise<void> | undefined;
  private readonly delays: number[];
  private readonly stableMs: number;

  private constructor(
    first: ManagedNeo4j,
    private readonly options: SupervisorOptions,
    private events: SupervisorEvents,
  ) {
    this.neo4j = first;
    this.delays = options.restartDelaysMs ?? RESTART_DELAYS_MS;
    this.stableMs = options.stableMs ?? STABLE_MS;
  }

  /** Starts Neo4j (a failure to start it the first time is a failure to start ecograph) and keeps it running. */
  static async start(options: SupervisorOptions, events: SupervisorEvents): Promise<Neo4jSupervisor> {
    const supervisor = await Neo4jSupervisor.launch(options, events);
    await supervisor.answering();
    return supervisor;
  }

  /** Launches Neo4j without waiting for it to answer; supervision begins once answering() resolves. */
  static async launch(options: SupervisorOptions, events: SupervisorEvents = UNHEEDED): Promise<Neo4jSupervisor> {
    return new Neo4jSupervisor(await ManagedNeo4j.launch(options), options, events);
  }

  /**
   * Resolves once the first Neo4j answers (a failure stops it and is a failure to start); from then
   * on a death is a restart, not a failed start-up.
   */
  answering(): Promise<void> {
    return (this.answered ??= this.neo4j.answering(this.options.startTimeoutMs).then(() => {
      this.upSince = Date.now();
      this.watch(this.neo4j);
    }));
  }

  /** Who hears of deaths and restarts from now on (the service, once it has its readiness). */
  listen(events: SupervisorEvents): void {
    this.events = events;
  }

  /** The Neo4j running now (or last). */
  get current(): ManagedNeo4j {
    return this.neo4j;
  }

  get connection(): Neo4jConnection {
    return this.neo4j.connection;
  }

  /** Why the supervisor gave up, once it has. */
  get gaveUp(): EcographError | undefined {
    return this.failure;
  }

  private watch(neo4j: ManagedNeo4j): void {
    void neo4j.exited.then((exit) => {
      if (this.stopped || neo4j.stopping || neo4j !== this.neo4j) return;
      this.restarting = this.recover(neo4j, exit);
    });
  }

  private async recover(dead: ManagedNeo4j, exit: Neo4jExit): Promise<void> {
    const { logger } = this.options;
    const problem = `the managed Neo4j (pid ${dead.pid}) ${describeExit(exit)}`;
    logger.error({ neo4jPid: dead.pid, exitCode: exit.code, signal: exit.signal, logTail: dead.logTail() }, `${problem}; starting it again`);
    this.events.down(`${problem}; starting it again`);
    if (Date.now() - this.upSince >= this.stableMs) this.tries = 0;
    let lastProblem = problem;
    while (!this.stopped) {
      if (this.tries >= this.delays.length) {
        this.failure = errors.neo4jGaveUp(this.tries, lastProblem);
        logger.fatal({ tries: this.tries, problem: lastProblem }, 'the managed Neo4j could not be started again; giving up');
        this.events.gaveUp(this.failure);
        return;
      }
      const delay = this.delays[this.tries++]!;
      if (delay > 0) await this.sleep(delay);
      if (this.stopped) return;
      const started = Date.now();
      try {
        this.neo4j = await ManagedNeo4j.start({ ...this.options, signal: this.abort.signal });
      } catch (error) {
        lastProblem = (error as Error).message;
        logger.warn({ try: this.tries, problem: lastProblem }, 'the managed Neo4j did not start again');
        continue;
      }
      if (this.stopped) {
        await this.neo4j.stop();
        return;
      }
      this.upSince = Date.now();
      logger.info({ neo4jPid: this.neo4j.pid, try: this.tries, seconds: (this.upSince - started) / 1000 }, 'the managed Neo4j is running again');
      this.watch(this.neo4j);
      this.events.up();
      return;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Stops Neo4j for good: no restart after this, and a start under way is given up. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.restarting;
    await this.neo4j.stop();
  }
}
