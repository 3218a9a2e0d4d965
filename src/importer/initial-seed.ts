import type { Logger } from '../logging';
import { seedsDir } from '../paths';
import { importSeeds } from './import-seeds';
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

/** Loads the bundled seeds/ into an empty database; a database with data is never touched. */
export async function seedEmptyGraph(store: Store, logger: Logger, folder: string = seedsDir): Promise<ImportSummary | undefined> {
  if (!(await graphIsEmpty(store))) {
    logger.info('the graph holds data: seeds not loaded');
    return undefined;
  }
  return seedGraph(store, logger, folder);
}

/** Loads seeds/ into a database the caller found empty (graphIsEmpty) and gave its constraints and indexes. */
export async function seedGraph(store: Store, logger: Logger, folder: string = seedsDir): Promise<ImportSummary> {
  const summary = await importSeeds(store, [folder], { schemaReady: true });
  for (const merge of summary.merges) logger.info(`seed merge: ${formatMerge(merge)}`);
  logger.info({ nodes: summary.nodes, relationships: summary.relationships }, `empty graph seeded from ${folder}: ${formatSummary(summary)}`);
  return summary;
}
