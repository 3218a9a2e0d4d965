import type { Logger } from '../logging';
import { seedsDir } from '../paths';
import { importSeeds } from './import-seeds';
import { loadSnapshot, readSnapshot, snapshotFileOf } from './seed-snapshot';
import type { Store } from './store';
import { formatMerge, formatSummary, type ImportSummary } from './summary';

/** True when the database holds no entity and no source: nothing a user could lose. */
export async function graphIsEmpty({ driver, database, model }: Store): Promise<boolean> {
  const { records } = await driver.executeQuery(
    `RETURN NOT EXISTS { MATCH (n) WHERE n:\`${model.entityLabel}\` OR n:\`${model.source.name}\` } AS empty`,
    {},
    { database, routing: 'READ' },
  );
  return records[0]?.get('empty') === true;
}

export interface SeedOptions {
  folder?: string;
  /** The caller has just given the database its constraints and indexes (applyConstraints): importing the files does not check them again. */
  schemaReady?: boolean;
}

/** Loads the bundled seeds/ into an empty database; a database with data is never touched. */
export async function seedEmptyGraph(store: Store, logger: Logger, options: SeedOptions = {}): Promise<ImportSummary | undefined> {
  if (!(await graphIsEmpty(store))) {
    logger.info('the graph holds data: seeds not loaded');
    return undefined;
  }
  return seedGraph(store, logger, options);
}

/**
 * Loads seeds/ into a database the caller found empty (graphIsEmpty): from the folder's snapshot
 * when it was made from these seeds and this model (two statements), else by importing the files.
 */
export async function seedGraph(store: Store, logger: Logger, { folder = seedsDir, schemaReady }: SeedOptions = {}): Promise<ImportSummary> {
  const saved = readSnapshot(folder, store.model.typeDefs);
  let summary: ImportSummary;
  if ('snapshot' in saved) {
    summary = await loadSnapshot(store, folder, saved.snapshot);
    logger.info({ snapshot: snapshotFileOf(folder) }, 'seeds loaded from their snapshot');
  } else {
    logger.info(`seeds imported file by file: ${saved.unusable}`);
    summary = await importSeeds(store, [folder], { schemaReady });
  }
  for (const merge of summary.merges) logger.info(`seed merge: ${formatMerge(merge)}`);
  logger.info({ nodes: summary.nodes, relationships: summary.relationships }, `empty graph seeded from ${folder}: ${formatSummary(summary)}`);
  return summary;
}
