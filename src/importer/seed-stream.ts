import type { ValidateFunction } from 'ajv';
import type { GraphModel } from '../graph/model';
import type { ParsedSeedFile } from './parse';
import { formatDataPath, type SeedProblem } from './problems';
import type { Seed } from './seed-format';
import { type ExistingKeyLookup, validateSeedFiles } from './validate';

/** A seed in memory (extracted from a source document), with the name of the document it came from. */
export interface SeedInMemory {
  file: string;
  seed: Seed;
}

/**
 * Seeds made one at a time (extracted from source documents), so that a run never holds them all.
 * Every pass makes them afresh and yields the same seeds in the same order. A seed declares the
 * keys it refers to, or they are in the database, in an earlier seed of the stream, or in the
 * seed files of the run.
 */
export interface SeedStream {
  seeds(): AsyncIterable<SeedInMemory> | Iterable<SeedInMemory>;
}

/** Seeds already held in memory, as a stream. */
export const seedStreamOf = (seeds: readonly SeedInMemory[]): SeedStream => ({ seeds: () => seeds });

/** Where a key was first declared in a run, and as what. */
export interface Declaration {
  type: string;
  file: string;
}

/** What a run's keys are: the entities and sources declared so far, each with its first file. */
export interface RunDeclarations {
  entities: Map<string, Declaration>;
  sources: Map<string, string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The keys seed files declare (read from their data before it is checked: only well-formed entries count). */
export function declarationsOf(files: readonly ParsedSeedFile[]): RunDeclarations {
  const declared: RunDeclarations = { entities: new Map(), sources: new Map() };
  for (const { file, data } of files) {
    if (!isRecord(data)) continue;
    if (isRecord(data.source) && typeof data.source.key === 'string' && !declared.sources.has(data.source.key)) declared.sources.set(data.source.key, file);
    for (const entity of Array.isArray(data.entities) ? (data.entities as unknown[]) : []) {
      if (isRecord(entity) && typeof entity.key === 'string' && typeof entity.type === 'string' && !declared.entities.has(entity.key))
        declared.entities.set(entity.key, { type: entity.type, file });
    }
  }
  return declared;
}

/**
 * A lookup of key types for one part of a run: keys `own` declares are looked up in the database
 * only (the validator compares them with what the database holds), the others in the run's
 * declarations first, then in the database.
 */
export function runLookup(own: ReadonlySet<string>, run: readonly RunDeclarations[], lookupExisting: ExistingKeyLookup): ExistingKeyLookup {
  return async (keys) => {
    const types = new Map<string, string>();
    const ask: string[] = [];
    for (const key of keys) {
      const declared = own.has(key) ? undefined : run.map((r) => r.entities.get(key)).find(Boolean);
      if (declared) types.set(key, declared.type);
      else ask.push(key);
    }
    if (ask.length > 0) for (const [key, type] of await lookupExisting(ask)) types.set(key, type);
    return types;
  };
}

/**
 * Checks a stream of seeds one at a time, holding none: each against the seed schema and the
 * model, its keys against the database, the earlier seeds of the stream and the run's seed files
 * (`files`), and its source against theirs. Returns every problem, how many seeds there were, and
 * what the stream declares (for checking the seed files after it).
 */
export async function validateSeedStream(
  stream: SeedStream,
  model: GraphModel,
  validateSchema: ValidateFunction,
  lookupExisting: ExistingKeyLookup,
  files: RunDeclarations = { entities: new Map(), sources: new Map() },
): Promise<{ problems: SeedProblem[]; count: number; declared: RunDeclarations }> {
  const declared: RunDeclarations = { entities: new Map(), sources: new Map() };
  const problems: SeedProblem[] = [];
  let count = 0;
  for await (const { file, seed } of stream.seeds()) {
    count++;
    const entities: unknown[] = Array.isArray(seed.entities) ? seed.entities : [];
    const own = new Set(
      entities
        .filter(isRecord)
        .map((e) => e.key)
        .filter((k): k is string => typeof k === 'string'),
    );
    const parsed: ParsedSeedFile = { file, data: seed, lineOf: () => undefined };
    problems.push(...(await validateSeedFiles([parsed], model, validateSchema, runLookup(own, [declared, files], lookupExisting))).problems);

    const sourceKey = isRecord(seed.source) ? seed.source.key : undefined;
    if (typeof sourceKey === 'string') {
      const other = declared.sources.get(sourceKey) ?? files.sources.get(sourceKey);
      if (other) problems.push({ file, path: 'source.key', message: `source key ${sourceKey} is also the source of ${other}; one source per file` });
      else declared.sources.set(sourceKey, file);
    }
    entities.forEach((entity, j) => {
      if (!isRecord(entity) || typeof entity.key !== 'string' || typeof entity.type !== 'string') return;
      const earlier = declared.entities.get(entity.key) ?? files.entities.get(entity.key);
      if (earlier && earlier.type !== entity.type)
        problems.push({
          file,
          path: formatDataPath(['entities', j, 'type']),
          message: `${entity.key} is a ${entity.type} here but a ${earlier.type} in ${earlier.file}`,
          subject: entity.key,
        });
      else if (!earlier) declared.entities.set(entity.key, { type: entity.type, file });
    });
  }
  return { problems, count, declared };
}
