import type { Logger } from './logging';

export interface ReadinessOptions {
  /** Keep trying until it succeeds (an external Neo4j may come up later); else fail on the first error. */
  retry: boolean;
  retryDelayMs?: number;
}

/**
 * Getting the database ready for the service (checks, constraints, seeds), once. With retry, a
 * Neo4j that is down at start-up is tried again every second, so the service becomes ready within
 * about a second of Neo4j answering.
 */
export class Readiness {
  private done = false;
  private stopped = false;
  private lastProblem: string | undefined;
  private suspended: string | undefined;
  private settleFirstAttempt!: () => void;
  /** Settles when the first try has finished, well or not. */
  readonly firstAttempt = new Promise<void>((resolve) => (this.settleFirstAttempt = resolve));

  constructor(
    private readonly prepare: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  get prepared(): boolean {
    return this.done && this.suspended === undefined;
  }

  /** Why it is not ready yet, for logs and errors. */
  get problem(): string | undefined {
    return this.suspended ?? (this.done ? undefined : this.lastProblem);
  }

  /** The database went away after it was prepared (the managed Neo4j is being restarted): not ready until resume(). */
  suspend(problem: string): void {
    this.suspended = problem;
  }

  /** The database is back, with what was prepared in it. */
  resume(): void {
    this.suspended = undefined;
  }

  /** Resolves when prepared (or stopped); without retry, rejects with the first failure. */
  async start({ retry, retryDelayMs = 1_000 }: ReadinessOptions): Promise<void> {
    while (!this.stopped) {
      try {
        await this.prepare();
        this.done = true;
        if (this.lastProblem) this.logger.info('Neo4j is available: ready');
        return;
      } catch (error) {
        if (!retry) throw error;
        this.settleFirstAttempt();
        const problem = (error as Error).message;
        if (problem !== this.lastProblem) this.logger.warn({ problem }, 'not ready: Neo4j cannot be used yet; retrying every second');
        this.lastProblem = problem;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.settleFirstAttempt();
  }
}
