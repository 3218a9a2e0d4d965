import type { Store } from '../importer/store';
import { openBulkInput } from '../importer/bulk/read';
import { BulkWriter } from '../importer/bulk/write';

export interface NaiveRun {
  kind: 'node' | 'relationship';
  records: number;
  ms: number;
  perSecond: number;
}

/**
 * The obvious importer, for comparison: the bulk importer's own statements, one record per
 * transaction (a batch of one, committed before the next). It works through the input's records
 * of one kind, in order, for at most `seconds`, and reports its rate; nodes first on an empty
 * database, relationships once their nodes exist. Sources are written up front (a handful).
 */
export async function naiveImport({ driver, database, model }: Store, file: string, kind: NaiveRun['kind'], seconds: number): Promise<NaiveRun> {
  const { reader } = openBulkInput([file], model);
  const session = driver.session({ database });
  try {
    const writer = new BulkWriter(model, (work) => session.executeWrite(work), { batchSize: 1 });
    const sources = [];
    if (kind === 'node') {
      for await (const item of reader) if (item.kind === 'node' && item.type === model.source.name) sources.push(item);
      await writer.writeSources(sources);
    }
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let records = 0;
    for await (const item of reader) {
      if (item.kind !== kind || (item.kind === 'node' && item.type === model.source.name) || item.type === model.statedIn) continue;
      await writer.add(item);
      await writer.flush();
      records++;
      if (performance.now() > deadline) break;
    }
    const ms = performance.now() - started;
    return { kind, records, ms: Math.round(ms), perSecond: Math.round((records / ms) * 1000) };
  } finally {
    await session.close();
  }
}
