import neo4j from 'neo4j-driver';
import type { EntityTypeModel, GraphModel, ModelField, RelationshipModel } from '../graph/model';
import { parsePartialDate, PUBLISHER_KEY_FIELD, type Seed } from './seed-format';

/** Property values as they are stored: Neo4j Dates with their precision, Int as integers. */
export type StoredProperties = Record<string, unknown>;

export interface EntityRow {
  key: string;
  name: string;
  aliases: string[];
  /** Every other stated field. */
  properties: StoredProperties;
  /** Set when entity resolution merged this row into an entity of another key: its name is kept. */
  mergedName?: boolean;
}

export interface RelationshipRow {
  from: string;
  to: string;
  /** The identity properties (see RelationshipModel.identity), also part of `properties`. */
  identity: StoredProperties;
  properties: StoredProperties;
}

/** What one seed file asks the graph to hold, in stored form. */
export interface SeedPlan {
  file: string;
  sourceKey: string;
  sourceProperties: StoredProperties;
  publisherKey?: string;
  entities: { type: EntityTypeModel; rows: EntityRow[] }[];
  relationships: { relationship: RelationshipModel; rows: RelationshipRow[] }[];
}

function storedValue(field: ModelField, value: unknown): StoredProperties {
  if (field.kind === 'partialDate' || field.kind === 'date') {
    const date = parsePartialDate(String(value))!;
    const stored = { [field.name]: new neo4j.types.Date(date.year, date.month, date.day) };
    return field.precisionField ? { ...stored, [field.precisionField]: date.precision } : stored;
  }
  if (field.kind === 'int') return { [field.name]: field.list ? (value as number[]).map((v) => neo4j.int(v)) : neo4j.int(value as number) };
  return { [field.name]: value };
}

/** The stated fields of a record, converted; fields the record leaves out stay out. */
export function storedProperties(record: Record<string, unknown>, fields: ModelField[], skip: string[] = []): StoredProperties {
  const stored: StoredProperties = {};
  for (const f of fields) {
    if (!skip.includes(f.name) && record[f.name] !== undefined && record[f.name] !== null) Object.assign(stored, storedValue(f, record[f.name]));
  }
  return stored;
}

export function planSeed(file: string, seed: Seed, model: GraphModel): SeedPlan {
  const entities = model.entityTypes
    .map((type) => ({
      type,
      rows: seed.entities
        .filter((e) => e.type === type.name)
        .map((e) => ({
          key: e.key,
          name: e.name,
          aliases: (e.aliases as string[] | undefined) ?? [],
          properties: storedProperties(e, type.fields, ['key', 'name', 'aliases']),
        })),
    }))
    .filter((group) => group.rows.length > 0);
  const relationships = model.relationships
    .map((relationship) => ({
      relationship,
      rows: seed.relationships
        .filter((r) => r.type === relationship.type)
        .map((r) => {
          const properties = storedProperties(r, relationship.properties);
          const identity = Object.fromEntries(relationship.identity.map((name) => [name, properties[name]]));
          return { from: r.from, to: r.to, identity, properties };
        }),
    }))
    .filter((group) => group.rows.length > 0);
  const publisherKey = seed.source[PUBLISHER_KEY_FIELD];
  return {
    file,
    sourceKey: seed.source.key,
    sourceProperties: storedProperties(seed.source, model.source.fields),
    ...(typeof publisherKey === 'string' ? { publisherKey } : {}),
    entities,
    relationships,
  };
}
