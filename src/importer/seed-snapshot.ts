import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { errors } from '../errors';
import { bumpGeneration, GENERATION_LABEL } from '../graph/generation';
import { seedFilesIn } from './parse';
import type { Store } from './store';
import type { ImportSummary } from './summary';

/*
 * The graph a folder of seeds makes, saved. Importing seeds file by file (resolution, merges,
 * retraction) runs about 250 statements; on a Neo4j that has just started each of them is slow
 * (every distinct one planned on a cold JVM, the rest run before the JIT has caught up): about
 * 9 s for the 17 default seeds against 2 s later. Saved as nodes and relationships, the same graph
 * goes into an empty database in two statements. A snapshot names the seeds and model it was made
 * from (a fingerprint): when either has changed since, it is not used and the seeds are imported.
 */

export const SNAPSHOT_FORMAT = 'ecograph-seed-snapshot/1';

/** A property value in JSON: numbers, strings, booleans and lists as they are; Neo4j integers and dates tagged. */
type Encoded = string | number | boolean | null | Encoded[] | { $int: string } | { $date: string };
type Properties = Record<string, Encoded>;

export interface SeedSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** Of the model's type definitions and every seed file's name and bytes (seedsFingerprint). */
  fingerprint: string;
  /** What importing the seeds reported, file paths relative to their folder. */
  summary: Omit<ImportSummary, 'durationMs'>;
  nodes: { labels: string[]; properties: Properties }[];
  /** `from` and `to`: indexes into `nodes`. */
  relationships: { type: string; from: number; to: number; properties: Properties }[];
}

/** Where a seeds folder keeps its snapshot (committed with it; `ecograph seeds-snapshot` writes it). */
export const snapshotFileOf = (folder: string) => path.join(folder, 'snapshot', 'graph.json');

/** Changes when the model or any seed file of `folder` changes (added, removed, renamed or edited). */
export function seedsFingerprint(folder: string, typeDefs: string): string {
  const hash = createHash('sha256').update(SNAPSHOT_FORMAT).update('\0').update(typeDefs);
  for (const file of seedFilesIn([folder])) hash.update('\0').update(path.basename(file)).update('\0').update(fs.readFileSync(file));
  return hash.digest('hex');
}

function encode(value: unknown, where: string): Encoded {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (neo4j.isInt(value)) return { $int: value.toString() };
  if (neo4j.isDate(value)) return { $date: value.toString() };
  if (Array.isArray(value)) return value.map((item) => encode(item, where));
  throw errors.checkFailed(
    `${where}: a snapshot cannot hold this value (${Object.prototype.toString.call(value)}); only numbers, strings, booleans, dates and lists of them`,
  );
}

function decode(value: Encoded): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    if ('$int' in value) return neo4j.int(value.$int);
    const [year, month, day] = value.$date.split('-').map(Number) as [number, number, number];
    return new neo4j.types.Date(year, month, day);
  }
  return value;
}

const mapProperties = <From, To>(properties: Record<string, From>, each: (value: From, name: string) => To): Record<string, To> =>
  Object.fromEntries(
    Object.keys(properties)
      .sort()
      .map((name) => [name, each(properties[name]!, name)]),
  );

/**
 * The whole graph but the generation counter (not data), in an order that depends only on its
 * content (nodes by labels, key and properties; relationships by type, ends and properties), so
 * that one graph always gives the same file.
 */
export async function dumpGraph({ driver, database }: Store): Promise<Pick<SeedSnapshot, 'nodes' | 'relationships'>> {
  const read = { database, routing: neo4j.routing.READ };
  const nodeRecords = (
    await driver.executeQuery(
      `MATCH (n) WHERE NOT n:\`${GENERATION_LABEL}\` RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS properties`,
      {},
      read,
    )
  ).records;
  const nodes = nodeRecords.map((r) => {
    const labels = (r.get('labels') as string[]).slice().sort();
    const properties = mapProperties(r.get('properties') as Record<string, unknown>, (value, name) => encode(value, `node ${labels.join(':')}.${name}`));
    return {
      id: r.get('id') as string,
      labels,
      properties,
      order: `${labels.join(':')}\0${JSON.stringify(properties.key ?? null)}\0${JSON.stringify(properties)}`,
    };
  });
  nodes.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const indexOf = new Map(nodes.map((n, i) => [n.id, i]));
  const relationshipRecords = (
    await driver.executeQuery('MATCH (a)-[r]->(b) RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type, properties(r) AS properties', {}, read)
  ).records;
  const relationships = relationshipRecords.map((r) => {
    const type = r.get('type') as string;
    const properties = mapProperties(r.get('properties') as Record<string, unknown>, (value, name) => encode(value, `relationship ${type}.${name}`));
    return { type, from: indexOf.get(r.get('a') as string)!, to: indexOf.get(r.get('b') as string)!, properties };
  });
  const order = (r: (typeof relationships)[number]) =>
    `${r.type}\0${String(r.from).padStart(9, '0')}\0${String(r.to).padStart(9, '0')}\0${JSON.stringify(r.properties)}`;
  relationships.sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0));
  return { nodes: nodes.map(({ labels, properties }) => ({ labels, properties })), relationships };
}

/** The snapshot of what importing `folder` (just done, into an empty database) made. */
export async function snapshotOf(store: Store, folder: string, summary: ImportSummary): Promise<SeedSnapshot> {
  const relative = (file: string) => path.relative(folder, file);
  const { durationMs: _duration, ...rest } = summary;
  return {
    format: SNAPSHOT_FORMAT,
    fingerprint: seedsFingerprint(folder, store.model.typeDefs),
    summary: {
      ...rest,
      files: rest.files.map((f) => ({ ...f, file: relative(f.file) })),
      merges: rest.merges.map((m) => ({ ...m, file: relative(m.file) })),
    },
    ...(await dumpGraph(store)),
  };
}

export function writeSnapshot(file: string, snapshot: SeedSnapshot): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside and renamed: a reader never sees half a file.
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, `${JSON.stringify(snapshot, null, 1)}\n`);
  fs.renameSync(partial, file);
}

/** The snapshot of `folder` when there is one made from its seeds and model as they are now; else why not. */
export function readSnapshot(folder: string, typeDefs: string): { snapshot: SeedSnapshot } | { unusable: string } {
  const file = snapshotFileOf(folder);
  if (!fs.existsSync(file)) return { unusable: `no snapshot (${file})` };
  let snapshot: SeedSnapshot;
  try {
    snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as SeedSnapshot;
  } catch (error) {
    return { unusable: `${file} is not JSON: ${(error as Error).message}` };
  }
  if (snapshot.format !== SNAPSHOT_FORMAT) return { unusable: `${file} is of another format (${String(snapshot.format)})` };
  if (snapshot.fingerprint !== seedsFingerprint(folder, typeDefs)) return { unusable: `${file} was made from other seeds or another model` };
  return { snapshot };
}

/** Writes a snapshot's graph into an empty database, in one transaction; returns the import summary it was made with. */
export async function loadSnapshot(store: Store, folder: string, snapshot: SeedSnapshot): Promise<ImportSummary> {
  const started = Date.now();
  const { driver, database } = store;
  const session = driver.session({ database });
  try {
    // Retried when Neo4j says it may (a deadlock with the constraints being made at the same time).
    await session.executeWrite(async (tx) => {
      const created = await tx.run(
        `UNWIND range(0, size($nodes) - 1) AS i
           WITH i, $nodes[i] AS row
           CREATE (n) SET n = row.properties, n:$(row.labels)
           RETURN i, elementId(n) AS id`,
        { nodes: snapshot.nodes.map((n) => ({ labels: n.labels, properties: mapProperties(n.properties, decode) })) },
      );
      const ids: string[] = [];
      for (const record of created.records) ids[Number(record.get('i'))] = record.get('id') as string;
      await tx.run(
        `UNWIND $relationships AS row
           MATCH (a) WHERE elementId(a) = row.from
           MATCH (b) WHERE elementId(b) = row.to
           CREATE (a)-[r:$(row.type)]->(b) SET r = row.properties`,
        {
          relationships: snapshot.relationships.map((r) => ({
            type: r.type,
            from: ids[r.from],
            to: ids[r.to],
            properties: mapProperties(r.properties, decode),
          })),
        },
      );
      await bumpGeneration(tx);
    });
  } finally {
    await session.close();
  }
  const absolute = (file: string) => path.join(folder, file);
  return {
    ...snapshot.summary,
    files: snapshot.summary.files.map((f) => ({ ...f, file: absolute(f.file) })),
    merges: snapshot.summary.merges.map((m) => ({ ...m, file: absolute(m.file) })),
    durationMs: Date.now() - started,
  };
}
