import { type Driver, type ProfiledPlan, Session, Transaction } from 'neo4j-driver';

export interface CapturedQuery {
  cypher: string;
  params: Record<string, unknown>;
}

/**
 * Records every query any driver in this process runs while `work` runs: @neo4j/graphql's
 * generated Cypher, the curated resolvers' and the DataLoaders' alike. It wraps
 * Transaction.prototype.run and Session.prototype.run (every way the driver runs a query, managed
 * transactions and executeQuery included, ends in one of them), so nothing else may run meanwhile.
 */
export async function captureQueries(work: () => Promise<unknown>): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  // The originals, kept to be put back and called with the driver's own `this` (.apply below).
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const txRun = Transaction.prototype.run;
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const sessionRun = Session.prototype.run;
  const record = (query: unknown, params: unknown) => {
    const cypher = typeof query === 'string' ? query : (query as { text?: string })?.text;
    const given = typeof query === 'string' ? params : ((query as { parameters?: unknown })?.parameters ?? params);
    if (typeof cypher === 'string') captured.push({ cypher, params: (given ?? {}) as Record<string, unknown> });
  };
  Transaction.prototype.run = function (this: Transaction, ...args: Parameters<Transaction['run']>) {
    record(args[0], args[1]);
    return txRun.apply(this, args);
  } as Transaction['run'];
  Session.prototype.run = function (this: Session, ...args: Parameters<Session['run']>) {
    record(args[0], args[1]);
    return sessionRun.apply(this, args);
  } as Session['run'];
  try {
    await work();
  } finally {
    Transaction.prototype.run = txRun;
    Session.prototype.run = sessionRun;
  }
  // Health checks of the service (RETURN 1) are not part of an answer.
  return captured.filter((q) => !/^\s*RETURN 1\s*$/i.test(q.cypher));
}

/** `PROFILE` placed after any leading `CYPHER …` options line (@neo4j/graphql starts with `CYPHER 5`). */
export function profiled(cypher: string): string {
  const options = /^\s*(CYPHER\b[^\n]*\n)/i.exec(cypher);
  return options ? `${options[1]}PROFILE ${cypher.slice(options[0].length)}` : `PROFILE ${cypher}`;
}

function sumDbHits(plan: ProfiledPlan | false | undefined): number {
  if (!plan) return 0;
  return plan.dbHits + plan.children.reduce((sum, child) => sum + sumDbHits(child), 0);
}

/** Total database hits of a query, from PROFILE (read routing; the results are discarded). */
export async function dbHits(driver: Driver, database: string, query: CapturedQuery): Promise<number> {
  const result = await driver.executeQuery(profiled(query.cypher), query.params, { database, routing: 'READ' });
  return sumDbHits(result.summary.profile);
}
