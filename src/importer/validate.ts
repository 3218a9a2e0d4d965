import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { GraphModel, ModelField } from '../graph/model';
import type { ParsedSeedFile } from './parse';
import { type DataPath, formatDataPath, type SeedProblem } from './problems';
import { buildSeedSchema } from './seed-schema';
import { datePeriods, FULL_DATE_PATTERN, keyPrefix, PARTIAL_DATE_PATTERN, parsePartialDate, periodOf, PUBLISHER_KEY_FIELD, type Seed } from './seed-format';

/** A seed file that passed every check. */
export interface ValidSeedFile {
  file: string;
  seed: Seed;
}

/** Looks keys up in the database: key → entity type, for the keys that exist. */
export type ExistingKeyLookup = (keys: string[]) => Promise<Map<string, string>>;

/**
 * The seed schema as a validator. `sourceOptional` is for the bulk importer, which checks
 * entities and relationships in seed-shaped batches whose sources are declared elsewhere.
 */
export function compileSeedSchema(model: GraphModel, options: { sourceOptional?: boolean } = {}): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
  addFormats(ajv);
  const schema = buildSeedSchema(model);
  return ajv.compile(options.sourceOptional ? { ...schema, required: (schema.required as string[]).filter((f) => f !== 'source') } : schema);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const describeValue = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'a list' : `${typeof value} ${JSON.stringify(value)}`);

function dataPathOf(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Collects the problems of one file, with lines and subjects filled in. */
class FileProblems {
  readonly problems: SeedProblem[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly parsed: ParsedSeedFile) {}

  add(dataPath: DataPath, message: string): void {
    const path = formatDataPath(dataPath);
    if (this.seen.has(`${path}\n${message}`)) return;
    this.seen.add(`${path}\n${message}`);
    const line = this.parsed.lineOf(dataPath);
    const subject = this.subjectOf(dataPath);
    this.problems.push({ file: this.parsed.file, path, message, ...(line !== undefined ? { line } : {}), ...(subject ? { subject } : {}) });
  }

  private subjectOf(dataPath: DataPath): string | undefined {
    const [section, index] = dataPath;
    if (!isRecord(this.parsed.data) || typeof index !== 'number') return undefined;
    const item = (this.parsed.data[section as string] as unknown[] | undefined)?.[index];
    if (!isRecord(item)) return undefined;
    if (section === 'entities' && typeof item.key === 'string') return item.key;
    if (section === 'relationships') return `${String(item.type)} ${String(item.from)} → ${String(item.to)}`;
    return undefined;
  }
}

/** Turns ajv's findings into plain sentences; endpoint types are left to the model checks, which say more. */
function reportSchemaErrors(errors: ErrorObject[], data: unknown, model: GraphModel, out: FileProblems): void {
  const entityTypes = new Set(model.entityTypes.map((t) => t.name));
  const itemAt = (path: (string | number)[]) => (isRecord(data) ? (data[path[0] as string] as unknown[] | undefined)?.[path[1] as number] : undefined);
  for (const error of errors) {
    const path = dataPathOf(error.instancePath);
    const last = path[path.length - 1];
    const value = error.data;
    switch (error.keyword) {
      case 'if':
        break;
      case 'required':
        out.add(path, `missing required field '${String(error.params.missingProperty)}'`);
        break;
      case 'additionalProperties':
      case 'unevaluatedProperties': {
        const property = String(error.params.additionalProperty ?? error.params.unevaluatedProperty);
        const item = itemAt(path);
        if (path[0] === 'entities' && isRecord(item) && !entityTypes.has(String(item.type))) break; // reported as an unknown type
        if (path[0] === 'relationships' && isRecord(item) && !model.relationships.some((r) => r.type === item.type)) break;
        // ajv also lists the fields of a branch that failed for another reason: only truly unknown ones count.
        if (isRecord(item) && knownFields(item, model).has(property)) break;
        const owner = isRecord(item) && typeof item.type === 'string' ? ` of a ${item.type}` : '';
        out.add([...path, property], `unknown field '${property}'${owner}`);
        break;
      }
      case 'enum': {
        const allowed = (error.params.allowedValues as unknown[]).join(', ');
        if (path[0] === 'entities' && last === 'type') out.add(path, `unknown entity type ${JSON.stringify(value)}; the model's types are ${allowed}`);
        else if (path[0] === 'relationships' && last === 'type')
          out.add(path, `unknown relationship type ${JSON.stringify(value)}; the model's relationships are ${allowed}`);
        else out.add(path, `${JSON.stringify(value)} is not one of ${allowed}`);
        break;
      }
      case 'type':
        out.add(path, `expected ${String(error.params.type)}, found ${describeValue(value)}`);
        break;
      case 'pattern': {
        const pattern = String(error.params.pattern);
        if (last === 'from' || last === 'to') break;
        if (pattern === PARTIAL_DATE_PATTERN) out.add(path, `${JSON.stringify(value)} is not a date 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'`);
        else if (pattern === FULL_DATE_PATTERN) out.add(path, `${JSON.stringify(value)} is not a date 'YYYY-MM-DD'`);
        else if (pattern === '\\S') out.add(path, 'must not be empty');
        else if (last === 'key' || last === PUBLISHER_KEY_FIELD) out.add(path, keyProblem(String(value), path, data, model));
        else out.add(path, `${JSON.stringify(value)} does not match ${pattern}`);
        break;
      }
      case 'minimum':
        out.add(path, `${JSON.stringify(value)} is below the minimum ${String(error.params.limit)}`);
        break;
      case 'const':
        out.add(path, `expected ${JSON.stringify(error.params.allowedValue)}, found ${JSON.stringify(value)}`);
        break;
      default:
        out.add(path, error.message ?? error.keyword);
    }
  }
}

function knownFields(item: Record<string, unknown>, model: GraphModel): Set<string> {
  const entity = model.entityTypes.find((t) => t.name === item.type);
  if (entity) return new Set(['type', ...entity.fields.map((f) => f.name)]);
  const relationship = model.relationships.find((r) => r.type === item.type);
  return new Set(relationship ? ['type', 'from', 'to', ...relationship.properties.map((p) => p.name)] : []);
}

function keyProblem(key: string, path: (string | number)[], data: unknown, model: GraphModel): string {
  if (path[0] === 'source' && path[1] === 'key')
    return `${JSON.stringify(key)} is not a source key '${model.source.prefix}:<slug>' (lower-case letters, digits, '-' and ':')`;
  const item = isRecord(data) && path[0] === 'entities' ? (data.entities as unknown[])[path[1] as number] : undefined;
  const type = model.entityTypes.find((t) => isRecord(item) && t.name === item.type);
  const byPrefix = model.entityTypes.find((t) => t.prefix === keyPrefix(key));
  if (type && byPrefix && byPrefix !== type)
    return `key ${JSON.stringify(key)} has the prefix of a ${byPrefix.name}, but the entity is a ${type.name} ('${type.prefix}:…')`;
  return `${JSON.stringify(key)} is not a key '<prefix>:<slug>' (known prefixes ${model.entityTypes.map((t) => t.prefix).join(', ')}; lower-case letters, digits, '-' and ':')`;
}

/** Impossible dates and periods that end before they start, among a record's date fields. */
function checkDates(record: Record<string, unknown>, fields: ModelField[], path: (string | number)[], out: FileProblems): void {
  const dates = new Map<string, ReturnType<typeof parsePartialDate>>();
  for (const field of fields) {
    const value = record[field.name];
    if ((field.kind !== 'partialDate' && field.kind !== 'date') || typeof value !== 'string') continue;
    const pattern = new RegExp(field.kind === 'date' ? FULL_DATE_PATTERN : PARTIAL_DATE_PATTERN);
    if (!pattern.test(value)) continue; // the schema reports the form
    const date = parsePartialDate(value);
    if (!date) out.add([...path, field.name], `${JSON.stringify(value)} is not a real date`);
    dates.set(field.name, date);
  }
  for (const [opening, closing] of datePeriods(fields.map((f) => f.name))) {
    const start = dates.get(opening);
    const end = dates.get(closing);
    if (start && end && periodOf(end).last < periodOf(start).first) {
      out.add([...path, closing], `${closing} ${JSON.stringify(record[closing])} is before ${opening} ${JSON.stringify(record[opening])}`);
    }
  }
}

/** The type of a key declared with a type the model does not know (reported where it is declared). */
const UNKNOWN_TYPE = '';

interface Declaration {
  type: string;
  file: string;
}

/**
 * Checks every file against the seed schema and the model, then across files and against the
 * database. Returns all problems of all files; the seeds are only usable when there are none.
 */
export async function validateSeedFiles(
  files: ParsedSeedFile[],
  model: GraphModel,
  validateSchema: ValidateFunction,
  lookupExisting: ExistingKeyLookup,
): Promise<{ valid: ValidSeedFile[]; problems: SeedProblem[] }> {
  const entityTypes = new Map(model.entityTypes.map((t) => [t.name, t]));
  const relationshipTypes = new Map(model.relationships.map((r) => [r.type, r]));
  const reports = files.map((parsed) => new FileProblems(parsed));
  const declared = new Map<string, Declaration>();
  const sources = new Map<string, string>();

  // Per file: the schema, the model's types, dates, duplicate keys.
  files.forEach((parsed, i) => {
    const out = reports[i]!;
    if (!validateSchema(parsed.data)) reportSchemaErrors(validateSchema.errors ?? [], parsed.data, model, out);
    if (!isRecord(parsed.data)) return;
    const { source, entities, relationships } = parsed.data;
    if (isRecord(source)) {
      checkDates(source, model.source.fields, ['source'], out);
      if (typeof source.key === 'string') {
        const other = sources.get(source.key);
        if (other) out.add(['source', 'key'], `source key ${source.key} is also the source of ${other}; one source per file`);
        else sources.set(source.key, parsed.file);
      }
    }
    const keysInFile = new Map<string, number>();
    (Array.isArray(entities) ? entities : []).forEach((entity, j) => {
      if (!isRecord(entity)) return;
      const type = entityTypes.get(String(entity.type));
      if (type) checkDates(entity, type.fields, ['entities', j], out);
      if (typeof entity.key !== 'string') return;
      const first = keysInFile.get(entity.key);
      if (first !== undefined) {
        out.add(
          ['entities', j, 'key'],
          `duplicate key ${entity.key}: already declared at entities[${first}] (line ${parsed.lineOf(['entities', first]) ?? '?'})`,
        );
        return;
      }
      keysInFile.set(entity.key, j);
      if (!type) {
        if (!declared.has(entity.key)) declared.set(entity.key, { type: UNKNOWN_TYPE, file: parsed.file });
        return;
      }
      const earlier = declared.get(entity.key);
      if (earlier && earlier.type !== type.name) {
        out.add(['entities', j, 'type'], `${entity.key} is a ${type.name} here but a ${earlier.type} in ${earlier.file}`);
      } else if (!earlier) declared.set(entity.key, { type: type.name, file: parsed.file });
    });
    (Array.isArray(relationships) ? relationships : []).forEach((relationship, j) => {
      if (!isRecord(relationship)) return;
      const relationshipType = relationshipTypes.get(String(relationship.type));
      if (relationshipType) checkDates(relationship, relationshipType.properties, ['relationships', j], out);
    });
  });

  // Across files and against the database: every key a file refers to, and its type.
  const referenced = new Set<string>();
  for (const parsed of files) {
    if (!isRecord(parsed.data)) continue;
    for (const r of Array.isArray(parsed.data.relationships) ? parsed.data.relationships : []) {
      if (!isRecord(r)) continue;
      for (const end of [r.from, r.to]) if (typeof end === 'string') referenced.add(end);
    }
    const publisher = isRecord(parsed.data.source) ? parsed.data.source[PUBLISHER_KEY_FIELD] : undefined;
    if (typeof publisher === 'string') referenced.add(publisher);
    for (const e of Array.isArray(parsed.data.entities) ? parsed.data.entities : []) if (isRecord(e) && typeof e.key === 'string') referenced.add(e.key);
  }
  const existing = await lookupExisting([...referenced]);
  const typeOfKey = (key: string) => declared.get(key)?.type ?? existing.get(key);
  const missing = (key: string) => `${key} is declared neither in this file, nor in another file of this run, nor in the database`;

  files.forEach((parsed, i) => {
    const out = reports[i]!;
    if (!isRecord(parsed.data)) return;
    (Array.isArray(parsed.data.entities) ? parsed.data.entities : []).forEach((entity, j) => {
      if (!isRecord(entity) || typeof entity.key !== 'string') return;
      const inDatabase = existing.get(entity.key);
      if (inDatabase && entityTypes.has(String(entity.type)) && inDatabase !== entity.type) {
        out.add(['entities', j, 'type'], `${entity.key} is a ${String(entity.type)} here but a ${inDatabase} in the database`);
      }
    });
    (Array.isArray(parsed.data.relationships) ? parsed.data.relationships : []).forEach((r, j) => {
      if (!isRecord(r) || typeof r.from !== 'string' || typeof r.to !== 'string') return;
      const relationship = relationshipTypes.get(String(r.type));
      const fromType = typeOfKey(r.from);
      const toType = typeOfKey(r.to);
      if (fromType === undefined) out.add(['relationships', j, 'from'], missing(r.from));
      if (toType === undefined) out.add(['relationships', j, 'to'], missing(r.to));
      if (!relationship || !fromType || !toType) return; // unknown here, or of a type reported where declared
      if (!relationship.endpoints.some((e) => e.from.includes(fromType) && e.to.includes(toType))) {
        const allowed = relationship.endpoints.map((e) => `${e.from.join('|')} → ${e.to.join('|')}`).join('; ');
        out.add(['relationships', j], `${relationship.type} cannot go from a ${fromType} to a ${toType}; the model allows ${allowed}`);
      }
    });
    const source = parsed.data.source;
    const publisher = isRecord(source) ? source[PUBLISHER_KEY_FIELD] : undefined;
    if (typeof publisher === 'string' && model.source.publishedBy) {
      const type = typeOfKey(publisher);
      if (type === undefined) out.add(['source', PUBLISHER_KEY_FIELD], missing(publisher));
      else if (type !== UNKNOWN_TYPE && !model.source.publishedBy.to.includes(type)) {
        out.add(['source', PUBLISHER_KEY_FIELD], `the publisher must be a ${model.source.publishedBy.to.join(' or ')}, ${publisher} is a ${type}`);
      }
    }
  });

  const problems = reports.flatMap((r) => r.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  const valid = problems.length === 0 ? files.map((f) => ({ file: f.file, seed: normalizeSeed(f.data as Seed) })) : [];
  return { valid, problems };
}

/** Fills in what a seed may leave out. */
function normalizeSeed(seed: Seed): Seed {
  return { ...seed, relationships: seed.relationships ?? [] };
}
