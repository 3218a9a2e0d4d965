import neo4j from 'neo4j-driver';
import { Document } from 'yaml';
import { errors } from '../errors';
import type { ModelField } from '../graph/model';
import type { Store } from './store';
import { FORMAT_VERSION, formatPartialDate, type DatePrecision, PUBLISHER_KEY_FIELD, type Seed } from './seed-format';

type Stored = Record<string, unknown>;

const plain = (value: unknown): unknown => (neo4j.isInt(value) ? (value as { toNumber(): number }).toNumber() : value);

/** A stored property back in seed form: a Date with its precision becomes 'YYYY[-MM[-DD]]'. */
function seedValue(field: ModelField, stored: Stored): unknown {
  const value = stored[field.name];
  if (value === undefined || value === null) return undefined;
  if (field.kind === 'date' || field.kind === 'partialDate') {
    const date = value as { year: unknown; month: unknown; day: unknown };
    const precision = (field.precisionField ? (stored[field.precisionField] as DatePrecision | undefined) : undefined) ?? 'DAY';
    return formatPartialDate({ year: Number(plain(date.year)), month: Number(plain(date.month)), day: Number(plain(date.day)), precision });
  }
  return Array.isArray(value) ? value.map(plain) : plain(value);
}

function seedFields(fields: ModelField[], stored: Stored): Stored {
  const result: Stored = {};
  for (const field of fields) {
    const value = seedValue(field, stored);
    if (value !== undefined) result[field.name] = value;
  }
  return result;
}

/** One source's part of the graph, as the seed that would state it. */
async function exportSource({ driver, database, model }: Store, sourceKey: string): Promise<Seed> {
  const publisher = model.source.publishedBy ? `[(s)-[:\`${model.source.publishedBy.type}\`]->(p) | p.key][0]` : 'null';
  const source = await driver.executeQuery(
    `MATCH (s:\`${model.source.name}\` {key: $sourceKey}) RETURN properties(s) AS source, ${publisher} AS publisherKey`,
    { sourceKey },
    { database, routing: 'READ' },
  );
  const sourceRecord = source.records[0];
  if (!sourceRecord) throw errors.usage(`No source ${sourceKey} in the graph`);
  const publisherKey = sourceRecord.get('publisherKey') as string | null;

  const typeOrder = model.entityTypes.map((t) => t.name);
  const nodes = await driver.executeQuery(
    `MATCH (n:\`${model.entityLabel}\`) WHERE $sourceKey IN n.sourceKeys RETURN properties(n) AS node, labels(n) AS labels`,
    { sourceKey },
    { database, routing: 'READ' },
  );
  const entities = nodes.records
    .map((record) => {
      const labels = record.get('labels') as string[];
      const type = model.entityTypes.find((t) => labels.includes(t.labels[0]!))!;
      const stored = record.get('node') as Stored;
      const { key, name, aliases, ...rest } = seedFields(type.fields, stored);
      return { key: key as string, type: type.name, name: name as string, aliases: (aliases as string[] | undefined) ?? [], ...rest };
    })
    .sort((a, b) => typeOrder.indexOf(a.type) - typeOrder.indexOf(b.type) || a.key.localeCompare(b.key));

  const relationshipOrder = model.relationships.map((r) => r.type);
  const edges = await driver.executeQuery(
    `MATCH (a:\`${model.entityLabel}\`)-[r]->(b:\`${model.entityLabel}\`)
     WHERE $sourceKey IN coalesce(r.sourceKeys, []) AND type(r) <> $statedIn
     RETURN type(r) AS type, a.key AS from, b.key AS to, properties(r) AS properties`,
    { sourceKey, statedIn: model.statedIn },
    { database, routing: 'READ' },
  );
  const relationships = edges.records
    .map((record) => {
      const relationship = model.relationships.find((r) => r.type === record.get('type'))!;
      return {
        type: relationship.type,
        from: record.get('from') as string,
        to: record.get('to') as string,
        ...seedFields(relationship.properties, record.get('properties') as Stored),
      };
    })
    .sort(
      (a, b) =>
        relationshipOrder.indexOf(a.type) - relationshipOrder.indexOf(b.type) ||
        a.from.localeCompare(b.from) ||
        a.to.localeCompare(b.to) ||
        JSON.stringify(a).localeCompare(JSON.stringify(b)),
    );

  return {
    formatVersion: FORMAT_VERSION,
    source: {
      key: sourceKey,
      ...seedFields(model.source.fields, sourceRecord.get('source') as Stored),
      ...(publisherKey ? { [PUBLISHER_KEY_FIELD]: publisherKey } : {}),
    },
    entities,
    relationships,
  };
}

export async function sourceKeysInGraph({ driver, database, model }: Store): Promise<string[]> {
  const { records } = await driver.executeQuery(`MATCH (s:\`${model.source.name}\`) RETURN s.key AS key ORDER BY key`, {}, { database, routing: 'READ' });
  return records.map((r) => r.get('key') as string);
}

/** The seeds of the given sources (default: every source in the graph), one per source. */
export async function exportSeeds(store: Store, sourceKeys?: string[]): Promise<Seed[]> {
  const keys = sourceKeys ?? (await sourceKeysInGraph(store));
  const seeds: Seed[] = [];
  for (const key of keys) seeds.push(await exportSource(store, key));
  return seeds;
}

/** A seed as YAML, pointing editors at the schema. */
export function seedToYaml(seed: Seed, schemaReference = '../schema/seed.schema.json', comment = 'Exported by ecograph from the graph.'): string {
  const document = new Document(seed);
  document.commentBefore = ` yaml-language-server: $schema=${schemaReference}\n ${comment.split('\n').join('\n ')}`;
  return document.toString({ lineWidth: 100 });
}
