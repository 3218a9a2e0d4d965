import type { ValidateFunction } from 'ajv';
import type { GraphModel } from '../../graph/model';
import type { ParsedSeedFile } from '../parse';
import { BulkValidationError } from '../../errors';
import { type DataPath, type SeedProblem } from '../problems';
import { validateSeedFiles, type ExistingKeyLookup } from '../validate';
import type { BulkNode, BulkReader, BulkRecord, BulkRelationship, RecordLocation } from './records';
import { KeyTable } from './key-table';
import { RepeatDetector } from './repeats';

/** Reporting stops here: past a thousand problems the input is the wrong file, not a few bad lines. */
export const MAX_PROBLEMS = 1000;
/** Records per seed-shaped document handed to the seed validator. */
const VALIDATION_BATCH = 1000;
const PROGRESS_EVERY = 10_000;
/**
 * Stored properties outside the model that the importers keep for lookups (entity resolution's
 * `nameKeys`): an export of an ecograph database carries them, a record never states them.
 */
export const LOOKUP_PROPERTIES = ['nameKeys'];

class Problems {
  readonly list: SeedProblem[] = [];
  total = 0;
  add(problem: SeedProblem): void {
    this.total++;
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
  }
  at(at: RecordLocation, message: string, subject?: string): void {
    this.add({ file: at.file, line: at.line, path: '', message, ...(subject ? { subject } : {}) });
  }
}

/**
 * What the first pass learns, in memory that grows with the number of keys only (about 70 bytes
 * a key, outside V8's heap: see KeyTable), never with the records' contents: each node key's type,
 * where it was declared, and whether the database has it.
 */
export class KeyIndex {
  /** Node types by index: the entity types, then the source type. */
  readonly types: string[];
  private readonly typeIndex: Map<string, number>;
  private readonly files: string[] = [];
  /** Each key's tag: file index × 64 + (in the database ? 32 : 0) + type index. */
  private readonly keys = new KeyTable();

  constructor(model: GraphModel) {
    this.types = [...model.entityTypes.map((t) => t.name), model.source.name];
    if (this.types.length > 32) throw new Error('the key index packs a node type into 5 bits: at most 32 node types');
    this.typeIndex = new Map(this.types.map((t, i) => [t, i]));
  }

  get size(): number {
    return this.keys.size;
  }

  knowsType(type: string): boolean {
    return this.typeIndex.has(type);
  }

  /** Records the node's key; returns where it was declared before, if it was. */
  declare(node: BulkNode): RecordLocation | undefined {
    const earlier = this.keys.find(node.key);
    if (earlier >= 0) return this.locationOf(earlier);
    let file = this.files.indexOf(node.at.file);
    if (file < 0) file = this.files.push(node.at.file) - 1;
    this.keys.add(node.key, node.at.line, Math.min(file, 1023) * 64 + this.typeIndex.get(node.type)!);
    return undefined;
  }

  /** Notes that the key's node already exists in the database (found while validating). */
  markStored(key: string): void {
    const entry = this.keys.find(key);
    if (entry >= 0 && this.keys.tag(entry) % 64 < 32) this.keys.setTag(entry, this.keys.tag(entry) + 32);
  }

  /** True when the key is new to the database as of validation: its node can be created, not merged. */
  isNew(key: string): boolean {
    const entry = this.keys.find(key);
    return entry >= 0 && this.keys.tag(entry) % 64 < 32;
  }

  /** True for the record that declared its key (not a duplicate, not of an unknown type). */
  isDeclaration(node: BulkNode): boolean {
    const entry = this.keys.find(node.key);
    if (entry < 0) return false;
    const at = this.locationOf(entry);
    return at.file === node.at.file && at.line === node.at.line;
  }

  typeOf(key: string): string | undefined {
    const entry = this.keys.find(key);
    return entry < 0 ? undefined : this.types[this.keys.tag(entry) % 32];
  }

  private locationOf(entry: number): RecordLocation {
    return { file: this.files[this.keys.tag(entry) >> 6] ?? '?', line: this.keys.line(entry) };
  }
}

export interface BulkInputSummary {
  index: KeyIndex;
  /** The Source records: few (one per document), kept to be written first. */
  sources: BulkNode[];
  entities: number;
  relationships: number;
  /** STATED_IN records: checked, not written — STATED_IN follows from each record's sources. */
  derived: number;
  /** Relationships the input may state more than once: those are merged, the others can be created. */
  repeats: RepeatDetector;
  /** Every node comes before every relationship, so one pass can write both. */
  nodesFirst: boolean;
}

export interface BulkValidationOptions {
  /** The source of records that name none (`--source`). */
  defaultSource?: string;
  /** False when the database holds no entity yet: then no key needs looking up there, batch by batch. */
  databaseHasEntities?: boolean;
  /** Records read so far in each pass; the total is known from the second. */
  onProgress?: (progress: { phase: 'index' | 'validate'; done: number; total?: number }) => void;
}

const describeTypes = (index: KeyIndex) => index.types.join(', ');

/**
 * Pass 1: reader problems, node types, duplicate keys; builds the key index. Each record is also
 * handed to `checker` while every node read so far came before every relationship: a
 * relationship is then checked once all the nodes it may point at are indexed. Returns whether
 * the checker saw the whole input (false once a node follows a relationship).
 */
async function indexInput(
  reader: BulkReader,
  summary: BulkInputSummary,
  problems: Problems,
  onProgress: BulkValidationOptions['onProgress'],
  checker: RecordChecker,
): Promise<boolean> {
  const { model } = checker;
  let sawRelationship = false;
  let read = 0;
  for await (const item of reader) {
    if (++read % PROGRESS_EVERY === 0) onProgress?.({ phase: 'index', done: read });
    if (item.kind === 'problem') {
      problems.at(item.at, item.message);
    } else if (item.kind === 'relationship') {
      sawRelationship = true;
      if (item.type === model.statedIn) summary.derived++;
      else summary.relationships++;
      summary.repeats.observe(item);
      if (summary.nodesFirst) await checker.check(item);
    } else {
      if (sawRelationship) summary.nodesFirst = false;
      if (!summary.index.knowsType(item.type)) {
        problems.at(item.at, `unknown node type ${JSON.stringify(item.type)}; the model's node types are ${describeTypes(summary.index)}`, item.key);
        continue;
      }
      const earlier = summary.index.declare(item);
      if (earlier) {
        problems.at(item.at, `duplicate key ${item.key}: already declared at ${earlier.file}:${earlier.line}`, item.key);
        continue;
      }
      if (item.type === model.source.name) summary.sources.push(item);
      else summary.entities++;
      if (summary.nodesFirst) await checker.check(item);
    }
  }
  return summary.nodesFirst;
}

/** Key types from the index, else from the database (one query per batch of unknown keys). */
function keyTypes(index: KeyIndex, lookupExisting: ExistingKeyLookup): ExistingKeyLookup {
  return async (keys) => {
    const types = new Map<string, string>();
    const unknown: string[] = [];
    for (const key of keys) {
      const type = index.typeOf(key);
      if (type) types.set(key, type);
      else unknown.push(key);
    }
    if (unknown.length > 0) for (const [key, type] of await lookupExisting(unknown)) types.set(key, type);
    return types;
  };
}

const entityItem = (node: BulkNode) => {
  const fields = { ...node.fields };
  for (const lookup of LOOKUP_PROPERTIES) delete fields[lookup];
  return { ...fields, key: node.key, type: node.type };
};
const relationshipItem = (relationship: BulkRelationship) => ({
  ...relationship.fields,
  type: relationship.type,
  from: relationship.from,
  to: relationship.to,
});

/**
 * The seed validator on a batch of records shaped as a seed document; its problems are moved
 * back to the records' own files and lines (`entities[3].start` → `<file>:<line>: start`).
 */
async function validateAsSeed(
  document: Record<string, unknown>,
  records: { entities: BulkRecord[]; relationships: BulkRecord[] },
  model: GraphModel,
  schema: ValidateFunction,
  lookup: ExistingKeyLookup,
  problems: Problems,
): Promise<void> {
  const first = records.entities[0] ?? records.relationships[0];
  const recordAt = (path: DataPath) => {
    const [section, index] = path;
    return typeof index === 'number' ? records[section as 'entities' | 'relationships']?.[index] : undefined;
  };
  const parsed: ParsedSeedFile = { file: first?.at.file ?? '', data: document, lineOf: (path) => recordAt(path)?.at.line };
  const { problems: found } = await validateSeedFiles([parsed], model, schema, lookup);
  for (const problem of found) {
    const match = /^(entities|relationships)\[(\d+)\]\.?(.*)$/.exec(problem.path);
    const record = match ? recordAt([match[1]!, Number(match[2])]) : undefined;
    problems.add({ ...problem, path: match ? match[3]! : problem.path, ...(record ? { file: record.at.file, line: record.at.line } : {}) });
  }
}

/**
 * Checks records against the seed schema and the model (fields, enums, dates, endpoint types,
 * keys declared in the input or the database), in seed-shaped batches; and provenance: every
 * record has a source, and every source is a Source of the input or the database. Records come
 * one by one (`check`), each declared node once; sources and first uses are settled by `finish`.
 */
class RecordChecker {
  readonly problems = new Problems();
  private readonly lookup: ExistingKeyLookup;
  private readonly firstUse = new Map<string, RecordLocation>();
  private batch = { entities: [] as BulkNode[], relationships: [] as BulkRelationship[] };

  constructor(
    readonly model: GraphModel,
    private readonly schemas: { bulk: ValidateFunction; seed: ValidateFunction },
    private readonly summary: BulkInputSummary,
    private readonly lookupDatabase: ExistingKeyLookup,
    private readonly options: BulkValidationOptions,
    /** Problems found elsewhere (by the index): checking stops when all together reach MAX_PROBLEMS. */
    private readonly elsewhere: Problems,
  ) {
    this.lookup = keyTypes(summary.index, lookupDatabase);
    if (options.defaultSource) this.firstUse.set(options.defaultSource, { file: '--source', line: 0 });
  }

  get full(): boolean {
    return this.problems.list.length + this.elsewhere.list.length >= MAX_PROBLEMS;
  }

  async check(item: BulkRecord): Promise<void> {
    const { model, problems } = this;
    if (this.full || (item.kind === 'node' && item.type === model.source.name)) return; // sources: by finish()
    const sources = item.sources.length > 0 ? item.sources : this.options.defaultSource ? [this.options.defaultSource] : [];
    if (item.kind === 'relationship' && item.type === model.statedIn) {
      await this.endpointsOf(
        item,
        model.entityTypes.map((t) => t.name),
        [model.source.name],
      );
      return;
    }
    const publishedBy = model.source.publishedBy;
    if (item.kind === 'relationship' && item.type === publishedBy?.type) {
      await this.endpointsOf(item, [model.source.name], publishedBy.to);
      return;
    }
    if (sources.length === 0) {
      problems.at(
        item.at,
        'states no source: give the record sourceKeys (or "source"), or name a default with --source <key>',
        item.kind === 'node' ? item.key : undefined,
      );
    }
    for (const source of sources) if (!this.firstUse.has(source)) this.firstUse.set(source, item.at);
    if (item.kind === 'node') this.batch.entities.push(item);
    else this.batch.relationships.push(item);
    if (this.batch.entities.length + this.batch.relationships.length >= VALIDATION_BATCH) await this.flush();
  }

  /** The last batch, the input's sources (their publishers may come anywhere in it), and every source used. */
  async finish(): Promise<void> {
    const { model, problems } = this;
    await this.flush();
    for (const source of this.summary.sources) {
      await validateAsSeed(
        { formatVersion: 1, source: { ...source.fields, key: source.key }, entities: [] },
        { entities: [], relationships: [] },
        model,
        this.schemas.seed,
        this.lookup,
        problems,
      );
    }
    const sourceTypes = await this.lookup([...this.firstUse.keys()]);
    for (const [source, at] of this.firstUse) {
      const type = sourceTypes.get(source);
      if (type !== model.source.name) {
        problems.at(
          at,
          type ? `${source} is a ${type}, not a ${model.source.name}` : `source ${source} is neither a ${model.source.name} of the input nor of the database`,
        );
      }
    }
  }

  private async flush(): Promise<void> {
    const { batch, summary } = this;
    if (batch.entities.length + batch.relationships.length === 0) return;
    this.batch = { entities: [], relationships: [] };
    const document = { formatVersion: 1, entities: batch.entities.map(entityItem), relationships: batch.relationships.map(relationshipItem) };
    await validateAsSeed(document, batch, this.model, this.schemas.bulk, this.lookup, this.problems);
    // The seed validator sees the input's own type for these keys; the database may disagree.
    const stored = this.options.databaseHasEntities === false ? new Map<string, string>() : await this.lookupDatabase(batch.entities.map((e) => e.key));
    for (const entity of batch.entities) {
      const type = stored.get(entity.key);
      if (type) summary.index.markStored(entity.key);
      if (type && type !== entity.type) this.problems.at(entity.at, `${entity.key} is a ${entity.type} here but a ${type} in the database`, entity.key);
    }
  }

  private async endpointsOf(relationship: BulkRelationship, from: string[], to: string[]): Promise<void> {
    const types = await this.lookup([relationship.from, relationship.to]);
    for (const [end, allowed] of [
      ['from', from],
      ['to', to],
    ] as const) {
      const key = relationship[end];
      const type = types.get(key);
      if (!type) this.problems.at(relationship.at, `${end}: ${key} is declared neither in the input nor in the database`);
      else if (!allowed.includes(type))
        this.problems.at(
          relationship.at,
          `${end}: ${relationship.type} ${end === 'from' ? 'starts at' : 'ends at'} a ${allowed.join(' or ')}, ${key} is a ${type}`,
        );
    }
  }
}

/** Pass 2, for inputs whose nodes do not all come first: every record again, now that every key is indexed. */
async function checkAgain(reader: BulkReader, checker: RecordChecker, summary: BulkInputSummary, options: BulkValidationOptions): Promise<void> {
  const total = summary.sources.length + summary.entities + summary.relationships + summary.derived;
  let read = 0;
  for await (const item of reader) {
    if (++read % PROGRESS_EVERY === 0) options.onProgress?.({ phase: 'validate', done: read, total });
    if (item.kind === 'problem' || checker.full) continue;
    if (item.kind === 'node' && !summary.index.isDeclaration(item)) continue; // unknown or duplicate: reported by the index
    await checker.check(item);
  }
}

/**
 * Reads the input once when every node comes before every relationship (the usual order of
 * exports), else twice (index, then checks), and throws BulkValidationError with every problem
 * (up to MAX_PROBLEMS) when there is any; nothing is written either way.
 */
export async function validateBulkInput(
  reader: BulkReader,
  model: GraphModel,
  schemas: { bulk: ValidateFunction; seed: ValidateFunction },
  lookupExisting: ExistingKeyLookup,
  options: BulkValidationOptions = {},
): Promise<BulkInputSummary> {
  const identities = new Map(model.relationships.map((r) => [r.type, r.identity]));
  const summary: BulkInputSummary = {
    index: new KeyIndex(model),
    sources: [],
    entities: 0,
    relationships: 0,
    derived: 0,
    repeats: new RepeatDetector((type) => identities.get(type) ?? []),
    nodesFirst: true,
  };
  const indexProblems = new Problems();
  const newChecker = () => new RecordChecker(model, schemas, summary, lookupExisting, options, indexProblems);
  let checker = newChecker();
  const checkedAll = await indexInput(reader, summary, indexProblems, options.onProgress, checker);
  if (!checkedAll) {
    // What the first pass checked may have missed keys declared further on: check everything again.
    checker = newChecker();
    if (!checker.full) await checkAgain(reader, checker, summary, options);
  }
  await checker.finish();
  const total = indexProblems.total + checker.problems.total;
  if (total > 0) throw new BulkValidationError([...indexProblems.list, ...checker.problems.list].slice(0, MAX_PROBLEMS), total);
  return summary;
}
