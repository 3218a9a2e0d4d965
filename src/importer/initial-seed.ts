import type { Driver } from 'neo4j-driver';
import { graphModel, loadTypeDefs } from '../graph/model';
import type { Logger } from '../logging';
import { seedsDir } from '../paths';
import { importSeeds } from './import-seeds';
import { formatMerge, formatSummary, type ImportSummary } from './summary';

/** True when the database holds no entity and no source: nothing a user could lose. */
export async function graphIsEmpty(driver: Driver, database: string): Promise<boolean> {
  const model = graphModel(loadTypeDefs());
  const { records } = await driver.executeQuery(
    `RETURN NOT EXISTS { MATCH (n) WHERE n:\`${model.entityLabel}\` OR n:\`${model.source.name}\` } AS empty`,
    {},
    { database, routing: 'READ' },
  );
  return records[0]?.get('empty') === true;
}

/** Loads the bundled seeds/ into an empty database; a database with data is never touched. */
export async function seedEmptyGraph(driver: Driver, database: string, logger: Logger, folder: string = seedsDir): Promise<ImportSummary | undefined> {
  if (!(await graphIsEmpty(driver, database))) {
    logger.info('the graph holds data: seeds not loaded');
    return undefined;
  }
  const summary = await importSeeds(driver, database, [folder]);
  for (const merge of summary.merges) logger.info(`seed merge: ${formatMerge(merge)}`);
  logger.info({ nodes: summary.nodes, relationships: summary.relationships }, `empty graph seeded from ${folder}: ${formatSummary(summary)}`);
  return summary;
}
