import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { readTransaction, type RequestContext } from '../request/context';
import { GENERATION_KEY, GENERATION_LABEL } from './generation';

/*
 * Views: answers over the whole graph (the funding totals, the count of nodes lacking an
 * @ordered field) computed once per generation of the graph and kept in Neo4j, on the
 * generation counter's node, with the generation they were made at. Every write of ecograph's
 * bumps the generation in its own transaction, so a view is read only while nothing has been
 * written since it was made: it cannot drift from the graph, every replica shares it, and the
 * first read after a write makes it anew. A view is a JSON text of plain values (`ecograph
 * verify` recomputes each and compares).
 */

type Runner = Pick<ManagedTransaction, 'run'>;

/** A view as stored, and the graph's generation as the same transaction read it. */
export interface StoredView {
  generation: number;
  /** The generation the view was made at; null when never made. */
  madeAt: number | null;
  json: string | null;
}

const generationProperty = (name: string) => `${name}.generation`;

export async function readView(tx: Runner, name: string): Promise<StoredView> {
  const { records } = await tx.run(
    `OPTIONAL MATCH (g:\`${GENERATION_LABEL}\` {key: $key})
     RETURN coalesce(g.value, 0) AS generation, g[$madeAt] AS madeAt, g[$name] AS json`,
    { key: GENERATION_KEY, name, madeAt: generationProperty(name) },
  );
  const record = records[0]!;
  const madeAt = record.get('madeAt') as unknown;
  return { generation: Number(record.get('generation')), madeAt: madeAt === null ? null : Number(madeAt), json: record.get('json') as string | null };
}

/** The view's text when it was made at the current generation, else null (make it anew). */
export const currentView = (view: StoredView): string | null => (view.json !== null && view.madeAt === view.generation ? view.json : null);

/** The graph's generation as `tx` sees it now. */
export async function generationIn(tx: Runner): Promise<number> {
  const { records } = await tx.run(`OPTIONAL MATCH (g:\`${GENERATION_LABEL}\` {key: $key}) RETURN coalesce(g.value, 0) AS value`, { key: GENERATION_KEY });
  return Number(records[0]!.get('value'));
}

/**
 * Stores a view made at `generation`, unless the graph has been written since (then it would
 * never be read). Not a write of the graph: the generation is not bumped.
 */
export async function storeView(driver: Pick<Driver, 'executeQuery'>, database: string, name: string, generation: number, json: string): Promise<boolean> {
  const { records } = await driver.executeQuery(
    `MERGE (g:\`${GENERATION_LABEL}\` {key: $key}) ON CREATE SET g.value = 0
     WITH g WHERE g.value = $generation
     SET g += $properties
     RETURN count(g) AS stored`,
    { key: GENERATION_KEY, generation, properties: { [name]: json, [generationProperty(name)]: generation } },
    { database },
  );
  return Number(records[0]?.get('stored') ?? 0) > 0;
}

/** One view: its name, how to compute it from the graph, and how a stored value differs from a fresh one. */
export interface ViewDefinition<T> {
  name: string;
  compute(tx: ManagedTransaction): Promise<T>;
  /** Each difference named with both values; [] when they agree (`ecograph verify`). */
  differences(stored: T, fresh: T): string[];
}

/**
 * The view's value computed in `tx`, with the generation it holds for; null for the generation
 * when a write committed while it was computed (Neo4j reads committed data: that write bumped it).
 */
export async function computeView<T>(tx: ManagedTransaction, view: ViewDefinition<T>): Promise<{ value: T; generation: number | null }> {
  const before = await generationIn(tx);
  const value = await view.compute(tx);
  return { value, generation: (await generationIn(tx)) === before ? before : null };
}

/**
 * The view's value: as stored when made at the current generation, else computed and stored
 * (before answering, so that the next request, and whatever it is counted by, finds it).
 */
export async function viewValue<T>(context: RequestContext, view: ViewDefinition<T>): Promise<T> {
  const { value, made } = await readTransaction(context, async (tx) => {
    const stored = currentView(await readView(tx, view.name));
    if (stored !== null) return { value: JSON.parse(stored) as T, made: null };
    const computed = await computeView(tx, view);
    return { value: computed.value, made: computed.generation };
  });
  if (made !== null) {
    await storeView(context.driver, context.database, view.name, made, JSON.stringify(value)).catch((error: unknown) =>
      context.log?.warn({ err: error }, `could not store the view ${view.name}; the next request computes it again`),
    );
  }
  return value;
}
