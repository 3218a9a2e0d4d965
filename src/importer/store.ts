import type { ValidateFunction } from 'ajv';
import type { Driver, Session, Transaction } from 'neo4j-driver';
import type { GraphModel } from '../graph/model';
import { compileSeedSchema, type ExistingKeyLookup } from './validate';

/** Where the importers read and write: a database, and the model its data follows (built once by the caller). */
export interface Store {
  driver: Driver;
  database: string;
  model: GraphModel;
}

/** Runs `work` in an explicit transaction, committed (or, with `commit` false, rolled back) when it succeeds. */
export async function inTransaction<T>(session: Session, work: (tx: Transaction) => Promise<T>, commit: boolean): Promise<T> {
  const tx = session.beginTransaction();
  try {
    const result = await work(tx);
    if (commit) await tx.commit();
    else await tx.rollback();
    return result;
  } catch (error) {
    if (tx.isOpen()) await tx.rollback();
    throw error;
  }
}

/** Key → entity type, for the keys the database holds. */
export function existingKeys({ driver, database, model }: Store): ExistingKeyLookup {
  return async (keys) => {
    const { records } = await driver.executeQuery(
      `MATCH (n:\`${model.entityLabel}\`) WHERE n.key IN $keys RETURN n.key AS key, labels(n) AS labels
       UNION ALL MATCH (n:\`${model.source.name}\`) WHERE n.key IN $keys RETURN n.key AS key, labels(n) AS labels`,
      { keys },
      { database, routing: 'READ' },
    );
    const typeOf = (labels: string[]) =>
      labels.includes(model.source.name) ? model.source.name : (model.entityTypes.find((t) => labels.includes(t.labels[0]!))?.name ?? 'unknown type');
    return new Map(records.map((r) => [r.get('key') as string, typeOf(r.get('labels') as string[])]));
  };
}

export interface SeedValidators {
  /** A whole seed file. */
  seed: ValidateFunction;
  /** A seed-shaped batch of bulk records, whose sources are declared elsewhere. */
  batch: ValidateFunction;
}

const validators = new WeakMap<GraphModel, SeedValidators>();

/** The model's seed validators, compiled once per model. */
export function seedValidators(model: GraphModel): SeedValidators {
  let compiled = validators.get(model);
  if (!compiled) {
    compiled = { seed: compileSeedSchema(model), batch: compileSeedSchema(model, { sourceOptional: true }) };
    validators.set(model, compiled);
  }
  return compiled;
}
