import type { Driver } from 'neo4j-driver';
import { createDriver, type Neo4jConnection } from './driver';

/** A probe out this long is given up, with its driver: its connection may never answer (a frozen or partitioned Neo4j). */
const STALE_MS = 5_000;

/** Resolves with `value` after `ms`, or never when cancelled; the timer does not keep the process alive. */
function after<T>(ms: number, value: T): { promise: Promise<T>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(value), ms);
    timer.unref();
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Whether Neo4j answers a trivial query now, with a deadline on ecograph's side: a frozen Neo4j
 * (a long GC pause, a stopped VM) accepts connections and queries and answers none, and no
 * timeout of Neo4j's fires while it is frozen. The probe has a connection of its own, so requests
 * that fill the pool do not starve it; one probe is out at a time, and callers meanwhile share it.
 */
export class Neo4jProbe {
  private driver: Driver;
  private out: { since: number; answer: Promise<boolean> } | undefined;
  private closed = false;

  constructor(
    private readonly connection: Neo4jConnection,
    private readonly database = connection.database,
  ) {
    this.driver = this.connect();
  }

  private connect(): Driver {
    return createDriver(this.connection, { poolSize: 1, acquisitionTimeoutMs: STALE_MS });
  }

  /**
   * True when Neo4j answers a probe within `withinMs` of the probe's start. A probe already out for
   * longer is an answer in itself: false at once (it goes on, and the next caller may see it answer).
   */
  async answers(withinMs: number): Promise<boolean> {
    if (this.closed) return false;
    const probe = this.probe();
    const left = probe.since + withinMs - Date.now();
    if (left <= 0) return false;
    const timeout = after(left, false);
    try {
      return await Promise.race([probe.answer, timeout.promise]);
    } finally {
      timeout.cancel();
    }
  }

  private probe(): { since: number; answer: Promise<boolean> } {
    if (this.out && Date.now() - this.out.since > STALE_MS) {
      // Its connection is stuck: a new driver, and the old one closed behind (it lets go of the
      // connection once Neo4j answers or the connection breaks).
      void this.driver.close().catch(() => undefined);
      this.driver = this.connect();
      this.out = undefined;
    }
    if (!this.out) {
      const answer = this.driver
        .executeQuery('RETURN 1', {}, { database: this.database, transactionConfig: { timeout: STALE_MS } })
        .then(
          () => true,
          () => false,
        )
        .finally(() => {
          if (this.out?.answer === answer) this.out = undefined;
        });
      this.out = { since: Date.now(), answer };
    }
    return this.out;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.driver.close();
  }
}
