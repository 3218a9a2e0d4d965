import type { Driver, ManagedTransaction, Session, SessionConfig } from 'neo4j-driver';
import { type EcographError, errors } from '../errors';

/** What the deadline keeps back to find out why it passed: whether Neo4j answers a probe. */
export const VERDICT_MS = 500;

export interface DeadlineOptions {
  /** How long the request's database work may take in all (REQUEST_TIMEOUT_MS). */
  ms: number;
  /** Whether Neo4j answers now, on a connection of its own, within the time given (src/neo4j/probe.ts). */
  answers: (withinMs: number) => Promise<boolean>;
  /** Whether every connection of the request's driver is taken (src/neo4j/pool.ts). */
  poolExhausted: () => boolean;
  poolSize: number;
}

/** One call's state: whether its transaction has begun (it holds a connection), and whether the call is over. */
interface Call {
  begun: boolean;
  settled: boolean;
}

/**
 * A request's deadline for the database, kept by ecograph itself. Neo4j's own transaction timeout
 * cannot fire while Neo4j is frozen, and the driver waits on an open connection for as long as
 * Neo4j does not answer; so every call of the request (the generated API's, through
 * `guardedDriver`, and the curated queries') races the deadline. When it passes, the calls still
 * out are answered at once with why: Neo4j does not answer a probe (503), or every connection stayed
 * busy while a call waited for one (503), or the work itself took too long (504). The work left
 * behind never commits: its transaction is rolled back when it comes back.
 */
export class Deadline {
  private readonly at: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly calls = new Set<Call>();
  private readonly onExpiry = new Set<(error: EcographError) => void>();
  private verdict: Promise<EcographError> | undefined;

  constructor(
    private readonly options: DeadlineOptions,
    startedAt = Date.now(),
  ) {
    this.at = startedAt + options.ms;
  }

  get expired(): boolean {
    return this.verdict !== undefined;
  }

  /** Runs one unit of database work within the deadline; the work calls `began` once its transaction has begun. */
  async run<T>(work: (began: () => void) => Promise<T>): Promise<T> {
    if (this.verdict) throw await this.verdict;
    const call: Call = { begun: false, settled: false };
    this.calls.add(call);
    this.arm();
    let rejectOnExpiry!: (error: EcographError) => void;
    const expiry = new Promise<never>((_resolve, reject) => (rejectOnExpiry = reject));
    this.onExpiry.add(rejectOnExpiry);
    try {
      return await Promise.race([
        work(() => {
          if (!call.settled) call.begun = true;
        }),
        expiry,
      ]);
    } finally {
      call.settled = true;
      this.calls.delete(call);
      this.onExpiry.delete(rejectOnExpiry);
      if (this.calls.size === 0) this.disarm();
    }
  }

  /** The result of a transaction's work, unless the deadline passed meanwhile: then its error, so the transaction rolls back. */
  async beforeCommit<T>(pending: Promise<T> | T): Promise<T> {
    const value = await pending;
    if (this.verdict) throw await this.verdict;
    return value;
  }

  private arm(): void {
    if (this.timer || this.verdict) return;
    this.timer = setTimeout(() => this.expire(), Math.max(0, this.at - VERDICT_MS - Date.now()));
    this.timer.unref();
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private expire(): void {
    this.timer = undefined;
    const { ms, answers, poolExhausted, poolSize } = this.options;
    // Taken now: calls that still wait for a connection while the pool has none to give.
    const waitedForConnection = [...this.calls].some((call) => !call.begun) && poolExhausted();
    this.verdict = (async () => {
      if (!(await answers(VERDICT_MS))) return errors.neo4jNotAnswering(ms);
      return waitedForConnection ? errors.noFreeConnection(ms, poolSize) : errors.requestTimeout(ms);
    })();
    void this.verdict.then((error) => {
      for (const reject of this.onExpiry) reject(error);
    });
  }
}

export type TransactionWork<T> = (tx: ManagedTransaction) => Promise<T> | T;
export type TransactionConfig = Parameters<Session['executeRead']>[1];

/**
 * A session whose transactions race the deadline, and whose close does not wait for work the
 * deadline gave up on: the session is closed once that work has ended (rolled back), never before,
 * or its connection would go back to the pool inside an open transaction.
 */
function guardedSession(session: Session, deadline: Deadline) {
  const running = new Set<Promise<unknown>>();
  const transaction =
    (mode: 'executeRead' | 'executeWrite') =>
    <T>(work: TransactionWork<T>, config?: TransactionConfig): Promise<T> =>
      deadline.run((began) => {
        const done = session[mode]((tx) => {
          began();
          return deadline.beforeCommit(work(tx));
        }, config);
        running.add(done);
        void done.then(
          () => running.delete(done),
          () => running.delete(done),
        );
        return done;
      });
  return {
    executeRead: transaction('executeRead'),
    executeWrite: transaction('executeWrite'),
    close: async (): Promise<void> => {
      if (!deadline.expired || running.size === 0) return session.close();
      void Promise.allSettled([...running])
        .then(() => session.close())
        .catch(() => undefined);
    },
  };
}

/** What the request's database calls are made through: a driver's `session()`, each session guarded by the deadline. */
export type DatabaseAccess = Pick<Driver, 'session' | 'executeQueryBookmarkManager'>;

/**
 * The driver as one request sees it: @neo4j/graphql takes it as `context.executionContext` (it
 * opens its sessions with `session()` and runs them with executeRead/executeWrite), and the curated
 * queries read through it too, so the deadline covers every database call of the request.
 */
export function guardedDriver(driver: Driver, deadline: Deadline): DatabaseAccess {
  return {
    session: ((config?: SessionConfig) => guardedSession(driver.session(config), deadline)) as unknown as Driver['session'],
    executeQueryBookmarkManager: driver.executeQueryBookmarkManager,
  };
}
