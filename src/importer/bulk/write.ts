import type { ManagedTransaction, Transaction } from 'neo4j-driver';
import type { EntityTypeModel, GraphModel, RelationshipModel } from '../../graph/model';
import { cypherName } from '../../graph/cypher-name';
import { promisedLists } from '../../graph/promised-lists';
import { nameKeysOf } from '../normalize';
import { storedProperties } from '../plan';
import { listUnion } from '../write';
import { PUBLISHER_KEY_FIELD } from '../seed-format';
import type { BulkNode, BulkRecord, BulkRelationship, RecordLocation } from './records';

type Tx = Transaction | ManagedTransaction;
/** Runs one batch's statements in a transaction: its own (batched mode) or the run's (single-transaction mode). */
export type BatchRunner = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

export interface WriteCounts {
  nodesCreated: number;
  relationshipsCreated: number;
  /** Records written (entities, sources, relationships), created or merged into existing ones. */
  records: number;
  batches: number;
}

/**
 * Entities: MERGE on the shared label's key constraint, the type's labels added; stated fields
 * set, sourceKeys and aliases unioned (a replaced name stays as an alias), and a STATED_IN edge
 * to each source — the provenance rules of seed files.
 */
function entityStatement(model: GraphModel, type: EntityTypeModel): string {
  const labels = type.labels
    .filter((l) => l !== model.entityLabel)
    .map((l) => `:${cypherName(l)}`)
    .join('');
  return `UNWIND $rows AS row
    MERGE (n:${cypherName(model.entityLabel)} {key: row.key})
    SET n${labels}
    SET n.aliases = [a IN ${listUnion('n.aliases', `row.aliases + CASE WHEN n.name IS NULL OR n.name = row.name THEN [] ELSE [n.name] END`)} WHERE a <> row.name]
    SET n += row.properties, n.name = row.name, n.sourceKeys = ${listUnion('n.sourceKeys', 'row.sources')}, n.nameKeys = ${listUnion('n.nameKeys', 'row.nameKeys')}
    ${promisedLists('n', type.fields)}
    WITH n, row
    UNWIND row.sources AS sourceKey
    MATCH (s:${cypherName(model.source.name)} {key: sourceKey})
    MERGE (n)-[stated:${cypherName(model.statedIn)}]->(s)
    ON CREATE SET stated.sourceKeys = [sourceKey]`;
}

/**
 * Entities new to the database (as validation found): CREATE with every property at once — no
 * locking lookup and no list unions. Should another writer create one of the keys meanwhile, the
 * key constraint fails the batch and it is written again with the MERGE statement.
 */
function newEntityStatement(model: GraphModel, type: EntityTypeModel): string {
  const labels = type.labels.map((l) => `:${cypherName(l)}`).join('');
  return `UNWIND $rows AS row
    CREATE (n${labels})
    SET n = row.properties
    ${promisedLists('n', type.fields)}
    WITH n, row
    UNWIND row.sources AS sourceKey
    MATCH (s:${cypherName(model.source.name)} {key: sourceKey})
    CREATE (n)-[:${cypherName(model.statedIn)} {sourceKeys: [sourceKey]}]->(s)`;
}

/** Relationships: MERGE by type, endpoints and identity properties; stated properties set, sourceKeys unioned. */
function relationshipStatement(model: GraphModel, relationship: RelationshipModel): string {
  const identity = relationship.identity.length ? ` {${relationship.identity.map((p) => `${cypherName(p)}: row.properties.${cypherName(p)}`).join(', ')}}` : '';
  return `UNWIND $rows AS row
    MATCH (a:${cypherName(model.entityLabel)} {key: row.from})
    MATCH (b:${cypherName(model.entityLabel)} {key: row.to})
    MERGE (a)-[r:${cypherName(relationship.type)}${identity}]->(b)
    ON CREATE SET r = row.properties, r.sourceKeys = row.sources
    ON MATCH SET r += row.properties, r.sourceKeys = ${listUnion('r.sourceKeys', 'row.sources')}`;
}

/**
 * Relationships that cannot exist yet — an endpoint is new to the database and the input states
 * the relationship once — are created outright: no locking MERGE, no list union.
 */
function newRelationshipStatement(model: GraphModel, relationship: RelationshipModel): string {
  return `UNWIND $rows AS row
    MATCH (a:${cypherName(model.entityLabel)} {key: row.from})
    MATCH (b:${cypherName(model.entityLabel)} {key: row.to})
    CREATE (a)-[r:${cypherName(relationship.type)}]->(b)
    SET r = row.properties`;
}

/** Sources are replaced whole, as a seed file's source block replaces its Source. */
const sourceStatement = (model: GraphModel) =>
  `UNWIND $rows AS row MERGE (s:${cypherName(model.source.name)} {key: row.key}) SET s = row.properties ${promisedLists('s', model.source.fields)}`;

function publisherStatement(model: GraphModel): string | undefined {
  const publishedBy = model.source.publishedBy;
  if (!publishedBy) return undefined;
  return `UNWIND $rows AS row
    MATCH (s:${cypherName(model.source.name)} {key: row.from})
    MATCH (p:${cypherName(model.entityLabel)} {key: row.to})
    MERGE (s)-[r:${cypherName(publishedBy.type)}]->(p)
    SET r.sourceKeys = [row.from]`;
}

/** One statement of a batch, and what to run instead if the batch must be written again by MERGE. */
interface Statement {
  cypher: string;
  /** The rows, or a function that makes them when the statement runs (so a batch waiting to be written holds one copy of its data). */
  rows: unknown[] | (() => unknown[]);
  merge?: { cypher: string; rows: unknown[] };
}

const CONSTRAINT_FAILED = 'Neo.ClientError.Schema.ConstraintValidationFailed';

export interface BulkWriterOptions {
  batchSize: number;
  defaultSource?: string;
  /** Keys validation found absent from the database: their nodes are created rather than merged. */
  isNew?: (key: string) => boolean;
  /** Relationships the input may state more than once: merged, never created outright. */
  mayRepeat?: (relationship: BulkRelationship) => boolean;
  /** A batch whose CREATE hit an existing key may be written again by MERGE (not inside the run's one transaction). */
  canRetry?: boolean;
  onBatch?: (counts: WriteCounts) => void;
}

/**
 * Buffers records into batches and writes each batch (grouped by type, one statement per type)
 * in one transaction. Nodes and relationships are buffered apart, so that a batch of
 * relationships is only written after the nodes it may point at. Batches commit one after the
 * other, in order; while one is being written the caller reads and prepares the next. (Two at
 * once would use a second core, but relationship batches sharing hub nodes deadlock in Neo4j.)
 */
export class BulkWriter {
  readonly counts: WriteCounts = { nodesCreated: 0, relationshipsCreated: 0, records: 0, batches: 0 };
  /** The last record of the last batch committed: where a failed run got to. */
  committedThrough?: RecordLocation;
  private nodes: BulkNode[] = [];
  private relationships: BulkRelationship[] = [];
  /** The batch being written; the next one starts when it is committed. */
  private inFlight: Promise<void> = Promise.resolve();
  /** Set when a node validation found new existed by the time it was written: from then on, merge everything. */
  private raced = false;
  private readonly entityTypes: Map<string, EntityTypeModel>;
  private readonly relationshipTypes: Map<string, RelationshipModel>;

  constructor(
    private readonly model: GraphModel,
    private readonly run: BatchRunner,
    private readonly options: BulkWriterOptions,
  ) {
    this.entityTypes = new Map(model.entityTypes.map((t) => [t.name, t]));
    this.relationshipTypes = new Map(model.relationships.map((r) => [r.type, r]));
  }

  /** Sources first, in one batch: entities link to them. */
  async writeSources(sources: BulkNode[]): Promise<void> {
    if (sources.length === 0) return;
    const rows = sources.map((s) => ({ key: s.key, properties: { ...storedProperties(s.fields, this.model.source.fields), key: s.key } }));
    await this.write(sources, [{ cypher: sourceStatement(this.model), rows }]);
  }

  /** Each Source's PUBLISHED_BY link, once its publisher entity exists. */
  async writePublishers(sources: BulkNode[]): Promise<void> {
    const cypher = publisherStatement(this.model);
    const rows = sources.filter((s) => typeof s.fields[PUBLISHER_KEY_FIELD] === 'string').map((s) => ({ from: s.key, to: s.fields[PUBLISHER_KEY_FIELD] }));
    if (cypher && rows.length > 0) await this.write([], [{ cypher, rows }]);
  }

  /** Buffers a record; writes a batch when one is full. STATED_IN records are skipped: sources say it. */
  async add(record: BulkRecord): Promise<void> {
    if (record.kind === 'node') {
      if (record.type === this.model.source.name) return;
      this.nodes.push(record);
      if (this.nodes.length >= this.options.batchSize) await this.flushNodes();
    } else {
      if (record.type === this.model.statedIn) return;
      this.relationships.push(record);
      if (this.relationships.length >= this.options.batchSize) await this.flushRelationships();
    }
  }

  /** Writes what is buffered and waits until every batch is committed. */
  async flush(): Promise<void> {
    await this.flushNodes();
    await this.flushRelationships();
    await this.inFlight;
  }

  /** Waits for the batch still being written, whatever its outcome (after a failure). */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => {});
  }

  async flushNodes(): Promise<void> {
    const batch = this.nodes;
    this.nodes = [];
    if (batch.length === 0) return;
    const isNew = this.options.isNew ?? (() => false);
    const statements: Statement[] = [];
    for (const [typeName, nodes] of groupBy(batch, (n) => n.type)) {
      const type = this.entityTypes.get(typeName)!;
      const rows = nodes.map((n) => this.entityRow(n, type));
      const [created, merged] = partition(rows, (row) => isNew(row.key));
      if (created.length > 0) {
        const merge = { cypher: entityStatement(this.model, type), rows: created };
        statements.push({ cypher: newEntityStatement(this.model, type), rows: () => created.map((row) => this.newEntityRow(row)), merge });
      }
      if (merged.length > 0) statements.push({ cypher: entityStatement(this.model, type), rows: merged });
    }
    await this.write(batch, statements);
  }

  async flushRelationships(): Promise<void> {
    const batch = this.relationships;
    this.relationships = [];
    if (batch.length === 0) return;
    const publishedBy = this.model.source.publishedBy?.type;
    await this.write(
      batch,
      [...groupBy(batch, (r) => r.type)]
        .map(([type, relationships]) => {
          if (type === publishedBy) return [{ cypher: publisherStatement(this.model)!, rows: relationships.map((r) => ({ from: r.from, to: r.to })) }];
          const relationship = this.relationshipTypes.get(type)!;
          const [created, merged] = partition(relationships, (r) => this.canCreate(r));
          return [
            { cypher: newRelationshipStatement(this.model, relationship), rows: created.map((r) => this.newRelationshipRow(r, relationship)) },
            { cypher: relationshipStatement(this.model, relationship), rows: merged.map((r) => this.relationshipRow(r, relationship)) },
          ].filter((statement) => statement.rows.length > 0);
        })
        .flat(),
    );
  }

  private sourcesOf(record: BulkRecord): string[] {
    return record.sources.length > 0 ? record.sources : this.options.defaultSource ? [this.options.defaultSource] : [];
  }

  private entityRow(node: BulkNode, type: EntityTypeModel) {
    const name = String(node.fields.name);
    const aliases = (node.fields.aliases as string[] | undefined) ?? [];
    return {
      key: node.key,
      name,
      aliases,
      properties: storedProperties(node.fields, type.fields, ['key', 'name', 'aliases']),
      sources: [...new Set(this.sourcesOf(node))],
      nameKeys: nameKeysOf(name, aliases),
    };
  }

  /** The whole property map of a created entity, as entityStatement would leave it. */
  private newEntityRow(row: ReturnType<BulkWriter['entityRow']>) {
    const aliases = [...new Set(row.aliases)].filter((a) => a !== row.name);
    return { sources: row.sources, properties: { ...row.properties, key: row.key, name: row.name, aliases, sourceKeys: row.sources, nameKeys: row.nameKeys } };
  }

  private canCreate(relationship: BulkRelationship): boolean {
    const isNew = this.options.isNew ?? (() => false);
    return !this.raced && (isNew(relationship.from) || isNew(relationship.to)) && !(this.options.mayRepeat?.(relationship) ?? true);
  }

  private newRelationshipRow(relationship: BulkRelationship, type: RelationshipModel) {
    const row = this.relationshipRow(relationship, type);
    return { from: row.from, to: row.to, properties: { ...row.properties, sourceKeys: row.sources } };
  }

  private relationshipRow(relationship: BulkRelationship, type: RelationshipModel) {
    return {
      from: relationship.from,
      to: relationship.to,
      sources: [...new Set(this.sourcesOf(relationship))],
      properties: storedProperties(relationship.fields, type.properties),
    };
  }

  /**
   * Starts writing the batch once the one before it is committed; a failed batch fails the next
   * call. Of the records, only their number and the last one's location are kept: the
   * statements' rows hold what is written.
   */
  private async write(records: { at: RecordLocation }[], statements: Statement[]): Promise<void> {
    const written = { count: records.length, last: records[records.length - 1]?.at };
    await this.inFlight;
    this.inFlight = this.commit(written, statements);
    this.inFlight.catch(() => {}); // surfaced by the next write, flush() or settle()
  }

  private async commit(records: { count: number; last: RecordLocation | undefined }, statements: Statement[]): Promise<void> {
    const runAll = (list: Pick<Statement, 'cypher' | 'rows'>[]) =>
      this.run(async (tx) => {
        const totals = { nodes: 0, relationships: 0 };
        for (const { cypher, rows } of list) {
          const updates = (await tx.run(cypher, { rows: typeof rows === 'function' ? rows() : rows })).summary.counters.updates();
          totals.nodes += updates.nodesCreated;
          totals.relationships += updates.relationshipsCreated;
        }
        return totals;
      });
    let created;
    try {
      created = await runAll(statements);
    } catch (error) {
      if (!this.options.canRetry || (error as { code?: string }).code !== CONSTRAINT_FAILED) throw error;
      this.raced = true;
      created = await runAll(statements.map((s) => s.merge ?? s));
    }
    this.counts.nodesCreated += created.nodes;
    this.counts.relationshipsCreated += created.relationships;
    this.counts.records += records.count;
    this.counts.batches++;
    this.committedThrough = records.last ?? this.committedThrough;
    this.options.onBatch?.(this.counts);
  }
}

/** The items for which `test` holds, and the others; `test` runs once per item. */
function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
