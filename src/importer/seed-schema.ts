import path from 'node:path';
import type { EntityTypeModel, GraphModel, ModelField } from '../graph/model';
import { packageRoot } from '../paths';
import { FORMAT_VERSION, FULL_DATE_PATTERN, keyPattern, PARTIAL_DATE_PATTERN, PUBLISHER_KEY_FIELD } from './seed-format';

/** The committed, generated schema the seeds point at (`npm run build:seed-schema`). */
export const seedSchemaPath = path.join(packageRoot, 'schema', 'seed.schema.json');

type JsonSchema = Record<string, unknown>;

/** Any non-blank text. */
const NON_BLANK = '\\S';

const describe = (description: string | undefined, schema: JsonSchema): JsonSchema => (description ? { description, ...schema } : schema);

function valueSchema(field: ModelField): JsonSchema {
  const minimum = field.minimum !== undefined ? { minimum: field.minimum } : {};
  switch (field.kind) {
    case 'string':
      return { type: 'string', pattern: NON_BLANK };
    case 'int':
      return { type: 'integer', ...minimum };
    case 'float':
      return { type: 'number', ...minimum };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { $ref: `#/$defs/${field.typeName}` };
    case 'date':
      return { type: 'string', pattern: FULL_DATE_PATTERN, examples: ['2026-11-22'] };
    case 'partialDate':
      return { type: 'string', pattern: PARTIAL_DATE_PATTERN, examples: ['2017', '2017-06', '2017-06-21'] };
  }
}

const DATE_HINTS: Partial<Record<ModelField['kind'], string>> = {
  date: "A full date 'YYYY-MM-DD', quoted in YAML.",
  partialDate: "A date of any precision: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', quoted in YAML. Stored as the first day of the period plus its precision.",
};

function fieldSchema(field: ModelField): JsonSchema {
  const description = [field.description, DATE_HINTS[field.kind]].filter(Boolean).join(' ') || undefined;
  const value = valueSchema(field);
  return describe(description, field.list ? { type: 'array', uniqueItems: true, items: value } : value);
}

const fieldsSchema = (fields: ModelField[]) => Object.fromEntries(fields.map((f) => [f.name, fieldSchema(f)]));
const requiredOf = (fields: ModelField[]) => fields.filter((f) => f.required).map((f) => f.name);

function entitySchema(model: GraphModel): JsonSchema {
  const prefixes = (types: EntityTypeModel[]) => types.map((t) => t.prefix);
  return {
    type: 'object',
    description: `One ${model.entityLabel} (node). Nodes merge by key across files; this file's source is added to its sourceKeys.`,
    required: ['key', 'type', 'name'],
    properties: {
      key: {
        type: 'string',
        pattern: keyPattern(prefixes(model.entityTypes)),
        description: `Stable key '<prefix>:<slug>'; the prefix fixes the type: ${model.entityTypes.map((t) => `${t.prefix}: ${t.name}`).join(', ')}.`,
      },
      type: { enum: model.entityTypes.map((t) => t.name), description: 'Entity type (GraphQL type and Neo4j label).' },
    },
    allOf: model.entityTypes.map((t) => ({
      if: { properties: { type: { const: t.name } }, required: ['type'] },
      then: describe(t.description, {
        properties: {
          ...fieldsSchema(t.fields),
          key: { type: 'string', pattern: keyPattern([t.prefix]), description: `Key of a ${t.name}: '${t.prefix}:<slug>'.` },
        },
        required: requiredOf(t.fields),
      }),
    })),
    unevaluatedProperties: false,
  };
}

function relationshipSchema(model: GraphModel): JsonSchema {
  const prefixOf = new Map(model.entityTypes.map((t) => [t.name, t.prefix]));
  const keyOf = (types: string[]) => ({ type: 'string', pattern: keyPattern(types.map((t) => prefixOf.get(t)!)) });
  return {
    type: 'object',
    description: 'One relationship between two keys declared in this file, another file of the run, or the database.',
    required: ['type', 'from', 'to'],
    properties: {
      type: { enum: model.relationships.map((r) => r.type), description: 'Relationship type.' },
      from: { type: 'string', description: 'Key of the start node.' },
      to: { type: 'string', description: 'Key of the end node.' },
    },
    allOf: model.relationships.map((r) => {
      const endpoints = r.endpoints.map((e) => `${e.from.join(' | ')} → ${e.to.join(' | ')}`).join('; ');
      const ends =
        r.endpoints.length === 1
          ? { from: keyOf(r.endpoints[0]!.from), to: keyOf(r.endpoints[0]!.to) }
          : { from: keyOf(r.endpoints.flatMap((e) => e.from)), to: keyOf(r.endpoints.flatMap((e) => e.to)) };
      return {
        if: { properties: { type: { const: r.type } }, required: ['type'] },
        then: {
          description: [`${r.type}: ${endpoints}.`, r.description].filter(Boolean).join(' '),
          properties: { ...ends, ...fieldsSchema(r.properties) },
          required: requiredOf(r.properties),
        },
      };
    }),
    unevaluatedProperties: false,
  };
}

function sourceSchema(model: GraphModel): JsonSchema {
  const { source } = model;
  const publisherTypes = model.entityTypes.filter((t) => source.publishedBy?.to.includes(t.name));
  return describe(source.description, {
    type: 'object',
    required: requiredOf(source.fields),
    properties: {
      ...fieldsSchema(source.fields),
      key: { type: 'string', pattern: keyPattern([source.prefix]), description: `Stable key '${source.prefix}:<slug>'.` },
      ...(source.publishedBy
        ? {
            [PUBLISHER_KEY_FIELD]: {
              type: 'string',
              pattern: keyPattern(publisherTypes.map((t) => t.prefix)),
              description: `Key of the publisher (${source.publishedBy.to.join(' | ')}); links the source ${source.publishedBy.type} it.`,
            },
          }
        : {}),
    },
    additionalProperties: false,
  });
}

/** The JSON Schema (2020-12) of a seed file, generated from the model. */
export function buildSeedSchema(model: GraphModel): JsonSchema {
  // Only the enums seed fields use: the type definitions may hold others (e.g. for custom queries).
  const fields = [...model.entityTypes.flatMap((t) => t.fields), ...model.relationships.flatMap((r) => r.properties), ...model.source.fields];
  const used = new Set(fields.filter((f) => f.kind === 'enum').map((f) => f.typeName));
  const enums = Object.fromEntries(
    [...model.enums.values()]
      .filter((e) => used.has(e.name))
      .map((e) => {
        const values = e.values.map((v) => (v.description ? `${v.name}: ${v.description}` : v.name)).join('; ');
        return [e.name, { description: [e.description, `Values: ${values}.`].filter(Boolean).join(' '), enum: e.values.map((v) => v.name) }];
      }),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://ecograph.invalid/schema/seed.schema.json',
    title: 'ecograph seed file',
    description:
      'One file = one source document: the `source` block, the `entities` it states and the `relationships` between them. ' +
      'Generated from schema/model.graphql by `npm run build:seed-schema`; do not edit by hand.',
    type: 'object',
    required: ['formatVersion', 'source', 'entities'],
    properties: {
      $schema: { type: 'string', description: 'Optional pointer to this schema, for editors.' },
      formatVersion: { const: FORMAT_VERSION, description: `Seed format version: ${FORMAT_VERSION}.` },
      source: { $ref: '#/$defs/source' },
      entities: { type: 'array', items: { $ref: '#/$defs/entity' }, description: 'Entities the source states.' },
      relationships: { type: 'array', items: { $ref: '#/$defs/relationship' }, description: 'Relationships the source states.' },
    },
    additionalProperties: false,
    $defs: { source: sourceSchema(model), entity: entitySchema(model), relationship: relationshipSchema(model), ...enums },
  };
}

/** The schema as committed: pretty-printed JSON with a final newline. */
export const renderSeedSchema = (model: GraphModel) => `${JSON.stringify(buildSeedSchema(model), null, 2)}\n`;
