import type { Driver } from 'neo4j-driver';
import { BulkImportError } from '../../errors';
import { applyConstraints } from '../../graph/constraints';
import { bumpGeneration } from '../../graph/generation';
import { existingKeys, inTransaction, seedValidators, type Store } from '../store';
import { openBulkInput } from './read';
import { validateBulkInput } from './validate';
import { type BatchRunner, BulkWriter, type WriteCounts } from './write';

/**
 * Records per transaction. On the bench's 487 402-record input (100 000 nodes, 2 cores, one run
 * after another on 2026-12-02): 5 000 → 6 950/s, 20 000 → 10 250/s, 50 000 → 11 860/s. Fewer
 * commits, each carrying more index updates at once: a quarter of the write time was commits at
 * 5 000. 20 000 takes most of that gain with a transaction state (tens of MB) that Neo4j's
 * default 2 GB heap holds easily.
 */
export const DEFAULT_BATCH_SIZE = 20_000;

export type BulkPhase = 'index' | 'validate' | 'write';

export interface BulkProgress {
  phase: BulkPhase;
  /** Records done in this phase, and the total when known (not while indexing). */
  done: number;
  total?: number;
}

export interface BulkImportOptions {
  batchSize?: number;
  /** The source of records that name none. */
  defaultSource?: string;
  /** One transaction for the whole input: all or nothing, bounded by Neo4j's transaction memory. */
  singleTransaction?: boolean;
  /** Validate only. */
  dryRun?: boolean;
  onProgress?: (progress: BulkProgress) => void;
}

export interface BulkImportSummary {
  format: string;
  files: string[];
  sources: number;
  entities: number;
  relationships: number;
  /** STATED_IN records of the input, implied by the records' sources and not written again. */
  derived: number;
  written: WriteCounts;
  dryRun: boolean;
  validationMs: number;
  writeMs: number;
  durationMs: number;
}

/**
 * Imports large inputs — ecograph or APOC JSON Lines, neo4j-admin CSV — streaming: the input
 * is read once to index its keys and check every record (nothing is written unless all pass),
 * then once more to write it in batches of `UNWIND … MERGE`, each batch its own transaction
 * unless `singleTransaction`. An input in which a node follows a relationship is read twice for
 * each: the checks and the writes of relationships wait until every node is known.
 */
export async function importBulk(store: Store, paths: string[], options: BulkImportOptions = {}): Promise<BulkImportSummary> {
  const started = performance.now();
  const { driver, database, model } = store;
  const validators = seedValidators(model);
  const { format, reader } = openBulkInput(paths, model);
  const progress = options.onProgress ?? (() => {});

  const input = await validateBulkInput(reader, model, { bulk: validators.batch, seed: validators.seed }, existingKeys(store), {
    ...(options.defaultSource ? { defaultSource: options.defaultSource } : {}),
    databaseHasEntities: await hasEntities(driver, database, model.entityLabel),
    onProgress: progress,
  });
  const validationMs = performance.now() - started;
  const total = input.sources.length + input.entities + input.relationships;
  progress({ phase: 'validate', done: total, total });

  const summary = (written: WriteCounts): BulkImportSummary => ({
    format,
    files: paths,
    sources: input.sources.length,
    entities: input.entities,
    relationships: input.relationships,
    derived: input.derived,
    written,
    dryRun: Boolean(options.dryRun),
    validationMs: Math.round(validationMs),
    writeMs: Math.round(performance.now() - started - validationMs),
    durationMs: Math.round(performance.now() - started),
  });
  if (options.dryRun) return summary({ nodesCreated: 0, relationshipsCreated: 0, records: 0, batches: 0 });

  await applyConstraints(driver, database, model);
  const session = driver.session({ database });
  const write = async (run: BatchRunner) => {
    const writer = new BulkWriter(model, run, {
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      ...(options.defaultSource ? { defaultSource: options.defaultSource } : {}),
      isNew: (key) => input.index.isNew(key),
      mayRepeat: (relationship) => input.repeats.mayRepeat(relationship),
      canRetry: !options.singleTransaction,
      onBatch: (counts) => progress({ phase: 'write', done: counts.records, total }),
    });
    try {
      await writer.writeSources(input.sources);
      if (input.nodesFirst) {
        let nodesDone = false;
        for await (const item of reader) {
          if (item.kind === 'relationship' && !nodesDone) {
            await writer.flushNodes();
            nodesDone = true;
          }
          if (item.kind !== 'problem') await writer.add(item);
        }
      } else {
        for await (const item of reader) if (item.kind === 'node') await writer.add(item);
        await writer.flushNodes();
        for await (const item of reader) if (item.kind === 'relationship') await writer.add(item);
      }
      await writer.flush();
      await writer.writePublishers(input.sources);
      await writer.flush();
      return writer.counts;
    } catch (error) {
      await writer.settle();
      const at = writer.committedThrough ? `${writer.committedThrough.file}:${writer.committedThrough.line}` : undefined;
      throw new BulkImportError(writer.counts, at, Boolean(options.singleTransaction), error);
    }
  };
  try {
    // Each transaction that writes bumps the graph's generation too (src/graph/generation.ts).
    const written = options.singleTransaction
      ? await inTransaction(session, (tx) => write((batch) => batch(tx)).then(async (counts) => (await bumpGeneration(tx), counts)), true)
      : await write((batch) => session.executeWrite(async (tx) => await batch(tx).then(async (result) => (await bumpGeneration(tx), result))));
    // The relationships' lookup index is eventually consistent: the import is done when it has caught up.
    await driver.executeQuery('CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()', {}, { database });
    return summary(written);
  } finally {
    await session.close();
  }
}

async function hasEntities(driver: Driver, database: string, label: string): Promise<boolean> {
  const { records } = await driver.executeQuery(`MATCH (n:\`${label}\`) RETURN n LIMIT 1`, {}, { database, routing: 'READ' });
  return records.length > 0;
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

/** One line for the CLI. */
export function formatBulkSummary(s: BulkImportSummary): string {
  const records = `${s.sources} sources, ${s.entities} entities, ${s.relationships} relationships${s.derived ? ` (+${s.derived} STATED_IN implied by sources)` : ''}`;
  if (s.dryRun) return `dry run of ${s.files.join(', ')} (${s.format}): ${records} — all valid, nothing written (${s.validationMs} ms)`;
  const { written } = s;
  return (
    `imported ${s.files.join(', ')} (${s.format}): ${records} in ${s.durationMs} ms ` +
    `(validation ${s.validationMs} ms, writing ${s.writeMs} ms in ${written.batches} batches, ${rate(s.entities + s.relationships, s.writeMs)} records/s); ` +
    `created ${written.nodesCreated} nodes and ${written.relationshipsCreated} relationships (STATED_IN included), the rest merged`
  );
}
