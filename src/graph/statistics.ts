import type { Driver } from 'neo4j-driver';
import type { Logger } from '../logging';
import type { GraphModel, RelationshipField } from './model';

/** Which percentile of a relationship's degree the cost rule assumes a list of it has. */
export const ASSUMED_PERCENTILE = 0.95;

/** How many relationships of one type and direction the nodes of one label have. */
export interface Degree {
  /** The ASSUMED_PERCENTILE of the degree over every node of the label (those without any count as 0). */
  assumed: number;
  /** The largest degree. */
  max: number;
}

const degreeKey = (label: string, type: string, direction: string) => `${label}|${type}|${direction}`;

/**
 * The graph's own sizes, as the cost rule reads them: nodes per label, and per relationship field
 * the degree its nodes have. Derived from the database alone, so every replica reading the same
 * database derives the same figures.
 */
export class GraphStatistics {
  constructor(
    private readonly nodeCounts: ReadonlyMap<string, number>,
    private readonly degrees: ReadonlyMap<string, Degree>,
    /** Entities and sources, and the relationships that start at one: what graphCounts() reads from the count store. */
    readonly counts = '',
  ) {}

  /** Statistics given outright (tests, tools): node counts by label, and degrees by relationship field. */
  static of(nodes: Record<string, number>, degrees: (RelationshipField & Degree)[] = []): GraphStatistics {
    return new GraphStatistics(
      new Map(Object.entries(nodes)),
      new Map(degrees.map((d) => [degreeKey(d.label, d.type, d.direction), { assumed: d.assumed, max: d.max }])),
    );
  }

  /** Nodes with a label (a node type's primary label, or the shared Entity label). */
  nodes(label: string): number {
    return this.nodeCounts.get(label) ?? 0;
  }

  /** The degree of a relationship field's nodes: 0 when none has such a relationship. */
  degree(field: RelationshipField): Degree {
    return this.degrees.get(degreeKey(field.label, field.type, field.direction)) ?? { assumed: 0, max: 0 };
  }
}

interface HistogramRow {
  label: string | null;
  type: string | null;
  direction: string | null;
  degree: number;
  nodes: number;
}

/**
 * The nearest-rank percentile of a degree histogram over `total` nodes, those missing from it
 * (no such relationship) counting as degree 0.
 */
export function percentileOf(histogram: ReadonlyMap<number, number>, total: number, percentile: number): number {
  const rank = Math.max(1, Math.ceil(percentile * total));
  let seen = total - [...histogram.values()].reduce((a, b) => a + b, 0);
  if (seen >= rank) return 0;
  for (const [degree, nodes] of [...histogram].sort((a, b) => a[0] - b[0])) {
    seen += nodes;
    if (seen >= rank) return degree;
  }
  return Math.max(0, ...histogram.keys());
}

/**
 * Reads the statistics in one query: every entity and source, its relationships counted per type
 * and direction, gathered into a histogram per label, type and direction (a few hundred rows,
 * whatever the graph's size). Its cost is one pass over the relationships, twice (from each end).
 */
export async function readGraphStatistics(driver: Driver, database: string, model: GraphModel): Promise<GraphStatistics> {
  const labels = [...new Set([...model.nodeTypes.map((t) => t.labels[0]!), model.entityLabel])];
  const { records } = await driver.executeQuery(
    `MATCH (n) WHERE n:\`${model.entityLabel}\` OR n:\`${model.source.name}\`
     WITH n, [l IN labels(n) WHERE l IN $labels AND l <> $entityLabel][0] AS label
     CALL (n) {
       MATCH (n)-[r]->() RETURN type(r) AS type, 'OUT' AS direction, count(r) AS degree
       UNION ALL
       MATCH (n)<-[r]-() RETURN type(r) AS type, 'IN' AS direction, count(r) AS degree
       UNION ALL
       RETURN null AS type, null AS direction, 0 AS degree
     }
     RETURN label, type, direction, degree, count(*) AS nodes`,
    { labels, entityLabel: model.entityLabel },
    { database, routing: 'READ' },
  );
  const rows = records.map((r) => {
    const row = r.toObject() as Record<string, unknown>;
    return { ...row, degree: Number(row.degree), nodes: Number(row.nodes) } as HistogramRow;
  });

  const nodeCounts = new Map<string, number>();
  const histograms = new Map<string, Map<number, number>>();
  for (const row of rows) {
    if (row.type === null) {
      if (row.label !== null) nodeCounts.set(row.label, (nodeCounts.get(row.label) ?? 0) + row.nodes);
      nodeCounts.set(model.entityLabel, (nodeCounts.get(model.entityLabel) ?? 0) + (row.label === model.source.name ? 0 : row.nodes));
      continue;
    }
    if (row.label === null) continue;
    const key = degreeKey(row.label, row.type, row.direction!);
    const histogram = histograms.get(key) ?? new Map<number, number>();
    histogram.set(row.degree, (histogram.get(row.degree) ?? 0) + row.nodes);
    histograms.set(key, histogram);
  }
  const degrees = new Map<string, Degree>();
  for (const [key, histogram] of histograms) {
    const label = key.slice(0, key.indexOf('|'));
    degrees.set(key, { assumed: percentileOf(histogram, nodeCounts.get(label) ?? 0, ASSUMED_PERCENTILE), max: Math.max(...histogram.keys()) });
  }
  const outgoing = rows.filter((r) => r.direction === 'OUT').reduce((sum, r) => sum + r.degree * r.nodes, 0);
  return new GraphStatistics(nodeCounts, degrees, countsKey((nodeCounts.get(model.entityLabel) ?? 0) + (nodeCounts.get(model.source.name) ?? 0), outgoing));
}

const countsKey = (nodes: number, relationships: number) => `${nodes}/${relationships}`;

/**
 * Entities and sources, and the relationships that start at one, from Neo4j's count store (no
 * scan): they change when an import or a mutation changes the graph. The statistics hold the same
 * two figures, counted in their own pass.
 */
export async function graphCounts(driver: Driver, database: string, model: GraphModel): Promise<string> {
  const [entity, source] = [model.entityLabel, model.source.name].map((l) => `\`${l}\``);
  const { records } = await driver.executeQuery(
    `CALL { MATCH (n:${entity}) RETURN count(n) AS entities } CALL { MATCH (n:${source}) RETURN count(n) AS sources }
     CALL { MATCH (:${entity})-[r]->() RETURN count(r) AS fromEntities } CALL { MATCH (:${source})-[r]->() RETURN count(r) AS fromSources }
     RETURN entities + sources AS nodes, fromEntities + fromSources AS relationships`,
    {},
    { database, routing: 'READ' },
  );
  return countsKey(Number(records[0]?.get('nodes')), Number(records[0]?.get('relationships')));
}

/** How often a watching service looks whether the graph changed (one count-store query). */
export const STATISTICS_CHECK_MS = 60_000;

/**
 * The statistics a service prices queries by: read when the database is prepared, read again
 * after the service seeds it, and whenever the graph's node or relationship count has changed
 * since (an import by `ecograph import` in another process, mutations through the API), looked
 * at every STATISTICS_CHECK_MS. Each replica derives them from the one database it serves, so
 * replicas agree within that interval, and none holds anything the database does not.
 */
export class LiveGraphStatistics {
  private latest: GraphStatistics | undefined;
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<GraphStatistics> | undefined;

  constructor(
    private readonly driver: Driver,
    private readonly database: string,
    private readonly model: GraphModel,
    private readonly logger?: Logger,
  ) {}

  /** The latest statistics; undefined until first read (the cost rule then assumes the model's page sizes). */
  get current(): GraphStatistics | undefined {
    return this.latest;
  }

  /** Reads them now (a read already under way is shared). */
  refresh(): Promise<GraphStatistics> {
    return (this.refreshing ??= (async () => {
      try {
        return (this.latest = await readGraphStatistics(this.driver, this.database, this.model));
      } finally {
        this.refreshing = undefined;
      }
    })());
  }

  /** Looks every `intervalMs` whether the graph changed, and reads the statistics again when it did. */
  watch(intervalMs = STATISTICS_CHECK_MS): void {
    this.stop();
    this.timer = setInterval(() => {
      graphCounts(this.driver, this.database, this.model)
        .then((counts) => (counts === this.latest?.counts ? undefined : this.refresh()))
        .catch((error: unknown) => this.logger?.debug({ err: error }, 'graph statistics not refreshed'));
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
