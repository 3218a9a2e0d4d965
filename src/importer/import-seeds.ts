import type { Session, Transaction } from 'neo4j-driver';
import { applyConstraints } from '../graph/constraints';
import { bumpGeneration } from '../graph/generation';
import type { GraphModel } from '../graph/model';
import { parseSeedFile, seedFilesIn, type ParsedSeedFile } from './parse';
import { planSeed } from './plan';
import { SeedImportError, SeedValidationError } from '../errors';
import type { SeedProblem } from './problems';
import { declarationsOf, runLookup, type SeedInMemory, type SeedStream, seedStreamOf, validateSeedStream } from './seed-stream';
import { resolveEntities } from './resolve';
import { retractUnstated } from './retract';
import { DEFAULT_MAX_FILE_BYTES } from './seed-format';
import { addCounts, type FileSummary, type ImportSummary, noChanges } from './summary';
import { existingKeys, inTransaction, seedValidators, type Store } from './store';
import { validateSeedFiles, type ValidSeedFile } from './validate';
import { backfillNameKeys, writePlan } from './write';

export interface ImportOptions {
  /**
   * Validate and compute the changes in a transaction that is rolled back: nothing is written to
   * the graph. Missing constraints and indexes are still created: the importer looks entities up through them.
   */
  dryRun?: boolean;
  /** One transaction for the whole run instead of one per file. */
  singleTransaction?: boolean;
  /** Files larger than this are refused (default 5 MiB). */
  maxFileBytes?: number;
  /** Called after each file is written (or, in a dry run, computed). */
  onFileDone?: (done: number, total: number, file: string) => void;
  /** The caller has just given the database its constraints and indexes (applyConstraints): they are not checked again. */
  schemaReady?: boolean;
}

export type { SeedInMemory, SeedStream } from './seed-stream';

/**
 * Parses and checks every file, and every seed of `stream` (one at a time, holding none); throws
 * SeedValidationError with all problems of all of them. Returns the valid files and how many
 * seeds the stream gave.
 */
async function validateRun(
  store: Store,
  paths: string[],
  stream: SeedStream,
  options: Pick<ImportOptions, 'maxFileBytes'>,
): Promise<{ files: ValidSeedFile[]; streamed: number }> {
  const { model } = store;
  const problems: SeedProblem[] = [];
  const parsed: ParsedSeedFile[] = [];
  for (const file of seedFilesIn(paths)) {
    const result = parseSeedFile(file, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    if (result.parsed) parsed.push(result.parsed);
    else problems.push(...result.problems);
  }
  const inFiles = declarationsOf(parsed);
  const streamed = await validateSeedStream(stream, model, seedValidators(model).seed, existingKeys(store), inFiles);
  const lookup = runLookup(new Set(inFiles.entities.keys()), [streamed.declared], existingKeys(store));
  const checked = await validateSeedFiles(parsed, model, seedValidators(model).seed, lookup);
  problems.push(...streamed.problems, ...checked.problems);
  if (problems.length > 0) throw new SeedValidationError(problems);
  return { files: checked.valid, streamed: streamed.count };
}

/** Parses and checks every file; throws SeedValidationError with all problems of all files. */
export async function validateSeeds(store: Store, paths: string[], options: Pick<ImportOptions, 'maxFileBytes'> = {}): Promise<ValidSeedFile[]> {
  return (await validateRun(store, paths, seedStreamOf([]), options)).files;
}

/** One valid file, in `tx`: resolved, written, and what it no longer states retracted. */
export async function importFile(tx: Transaction, valid: ValidSeedFile, model: GraphModel, keyMap: Map<string, string>): Promise<FileSummary> {
  const { plan, merges, lookAlikes } = await resolveEntities(tx, planSeed(valid.file, valid.seed, model), model, keyMap);
  const written = await writePlan(tx, plan, model);
  const retracted = await retractUnstated(tx, plan, model);
  await bumpGeneration(tx);
  return {
    file: valid.file,
    sourceKey: plan.sourceKey,
    nodes: addCounts(written.nodes, retracted.nodes),
    relationships: addCounts(written.relationships, retracted.relationships),
    merges,
    lookAlikes,
  };
}

/**
 * Entities written before `nameKeys` existed get theirs before any file is resolved: a batch per
 * committed transaction, or within the run's transaction when there is one (a dry run rolls them back).
 */
async function backfill(session: Session, model: GraphModel, runTransaction?: Transaction): Promise<void> {
  const batch = (tx: Transaction) => backfillNameKeys(tx, model);
  let filled: number;
  do filled = await (runTransaction ? batch(runTransaction) : inTransaction(session, batch, true));
  while (filled > 0);
}

/**
 * Imports seed files (or folders of them): all are validated first, nothing is written unless
 * every file is valid; then one transaction per file (or one for the run), each file merged by
 * key, resolved by name, and its no-longer-stated facts retracted.
 */
export async function importSeeds(store: Store, paths: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  return importSeedsAndData(store, paths, [], options);
}

/**
 * The same, for seeds extracted from source documents as well as files: the seeds (held in memory,
 * or a stream that makes them one at a time) are imported first, in their order, then the files;
 * one code path for both. A stream is gone through twice: to check every seed, then to write them.
 */
export async function importSeedsAndData(
  store: Store,
  paths: string[],
  inMemory: SeedInMemory[] | SeedStream,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const started = Date.now();
  const { driver, database, model } = store;
  const stream = Array.isArray(inMemory) ? seedStreamOf(inMemory) : inMemory;
  const { files: validFiles, streamed } = await validateRun(store, paths, stream, options);
  const total = streamed + validFiles.length;
  // A stream that fails to make its next seed (its document changed since it was checked) is no failed write.
  let streamFailure: unknown;
  async function* valid(): AsyncGenerator<ValidSeedFile> {
    try {
      for await (const { file, seed } of stream.seeds()) yield { file, seed: { ...seed, relationships: seed.relationships ?? [] } };
    } catch (error) {
      streamFailure = error;
      throw error;
    }
    yield* validFiles;
  }
  if (!options.schemaReady) await applyConstraints(driver, database, model);

  const files: FileSummary[] = [];
  const committed: string[] = [];
  const keyMap = new Map<string, string>();
  const session = driver.session({ database });
  const fileDone = (summary: FileSummary) => {
    files.push(summary);
    options.onFileDone?.(files.length, total, summary.file);
  };
  let current = '';
  try {
    if (options.dryRun || options.singleTransaction) {
      await inTransaction(
        session,
        async (tx) => {
          await backfill(session, model, tx);
          for await (const file of valid()) {
            current = file.file;
            fileDone(await importFile(tx, file, model, keyMap));
          }
        },
        !options.dryRun,
      );
    } else {
      await backfill(session, model);
      for await (const file of valid()) {
        current = file.file;
        fileDone(await inTransaction(session, (tx) => importFile(tx, file, model, keyMap), true));
        committed.push(file.file);
      }
    }
  } catch (error) {
    if (error === streamFailure) throw error;
    throw new SeedImportError(current, committed, error);
  } finally {
    await session.close();
  }

  return {
    files,
    nodes: files.reduce((sum, f) => addCounts(sum, f.nodes), noChanges()),
    relationships: files.reduce((sum, f) => addCounts(sum, f.relationships), noChanges()),
    merges: files.flatMap((f) => f.merges),
    lookAlikes: files.flatMap((f) => f.lookAlikes),
    dryRun: Boolean(options.dryRun),
    durationMs: Date.now() - started,
  };
}
