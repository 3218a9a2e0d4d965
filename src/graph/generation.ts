import type { Driver, ManagedTransaction, Session, SessionConfig, Transaction } from 'neo4j-driver';

type TransactionConfig = Parameters<Session['executeWrite']>[1];

/*
 * The graph's generation: a counter in Neo4j that every write of ecograph's bumps in the same
 * transaction (seed and document imports, bulk imports, the seeds snapshot, GraphQL mutations),
 * so it changes exactly when what a query could answer may have changed, and every replica of
 * the API reads the same value. The response cache keys answers by it (src/server/response-cache.ts).
 * It lives on one node of a label of its own, outside the model: no query of the API sees it.
 */

export const GENERATION_LABEL = 'GraphGeneration';
export const GENERATION_KEY = 'graph';
const KEY = GENERATION_KEY;

/** The counter's node, as an export of the whole database (APOC, neo4j-admin) has it: not data, and not imported. */
export const isGenerationCounter = (labels: readonly string[]) => labels.includes(GENERATION_LABEL);

/** Adds one to the generation, in `tx`: run it in the transaction that writes. */
export async function bumpGeneration(tx: Pick<Transaction | ManagedTransaction, 'run'>): Promise<void> {
  await tx.run(`MERGE (g:\`${GENERATION_LABEL}\` {key: $key}) SET g.value = coalesce(g.value, 0) + 1`, { key: KEY });
}

/** Adds one to the generation in a transaction of its own, after writes that committed on their own (CALL … IN TRANSACTIONS). */
export async function bumpGenerationAlone(driver: Pick<Driver, 'session'>, database: string): Promise<void> {
  const session = driver.session({ database });
  try {
    await session.executeWrite((tx) => bumpGeneration(tx));
  } finally {
    await session.close();
  }
}

/**
 * The generation now (0 for a graph ecograph has never written). One try, no retries: when Neo4j
 * does not answer, the caller does without (the request itself then says why); after this
 * process's own writes (they share the driver's bookmarks).
 */
export async function readGeneration(driver: Pick<Driver, 'session' | 'executeQueryBookmarkManager'>, database: string): Promise<number> {
  const session = driver.session({ database, defaultAccessMode: 'READ', bookmarkManager: driver.executeQueryBookmarkManager });
  try {
    const { records } = await session.run(`OPTIONAL MATCH (g:\`${GENERATION_LABEL}\` {key: $key}) RETURN coalesce(g.value, 0) AS value`, { key: KEY });
    return Number(records[0]?.get('value') ?? 0);
  } finally {
    await session.close();
  }
}

/**
 * Reads the generation for many requests at once. An answer may be served from the cache only
 * under a generation read after its request arrived (that read sees every write committed
 * before). A request that arrives while a read is on its way waits for the next one, which begins
 * when that one ends and serves every request that arrived meanwhile: under load, one query at a
 * time, whatever the number of requests.
 */
export class GenerationReader {
  private inFlight: Promise<number> | null = null;
  private next: Promise<number> | null = null;

  constructor(private readonly read: () => Promise<number>) {}

  /** The generation as of no earlier than this call. */
  current(): Promise<number> {
    if (!this.inFlight) return this.begin();
    this.next ??= this.inFlight.then(
      () => this.afterwards(),
      () => this.afterwards(),
    );
    return this.next;
  }

  private afterwards(): Promise<number> {
    this.next = null;
    return this.begin();
  }

  private begin(): Promise<number> {
    const value = this.read();
    this.inFlight = value;
    const done = () => {
      if (this.inFlight === value) this.inFlight = null;
    };
    value.then(done, done);
    return value;
  }
}

type SessionLike = Pick<Session, 'executeRead' | 'executeWrite' | 'close'>;
type DriverLike = Pick<Driver, 'session' | 'executeQueryBookmarkManager'>;

/**
 * The driver a request's generated queries run through (@neo4j/graphql opens sessions with
 * `session()` and runs them with executeRead/executeWrite), with every write transaction bumping
 * the generation before it commits: a GraphQL mutation changes the graph and its generation at once.
 */
export function countingWrites(driver: DriverLike): DriverLike {
  return {
    session: ((config?: SessionConfig) => {
      const session: SessionLike = driver.session(config);
      return {
        executeRead: session.executeRead.bind(session),
        executeWrite: <T>(work: (tx: ManagedTransaction) => Promise<T> | T, txConfig?: TransactionConfig) =>
          session.executeWrite(async (tx) => {
            const result = await work(tx);
            await bumpGeneration(tx);
            return result;
          }, txConfig),
        close: () => session.close(),
      };
    }) as unknown as Driver['session'],
    executeQueryBookmarkManager: driver.executeQueryBookmarkManager,
  };
}
