import type { GraphModel, ModelField } from '../../../graph/model';
import { type DatePrecision, formatPartialDate, parsePartialDate } from '../../seed-format';
import type { RecordFields } from '../records';

const PRECISIONS = new Set<unknown>(['YEAR', 'MONTH', 'DAY'] satisfies DatePrecision[]);
const STORED_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The model's fields of a node type (an entity type or the source type); none for a type it does not know. */
export const nodeFields = (model: GraphModel, type: string): ModelField[] =>
  type === model.source.name ? model.source.fields : (model.entityTypes.find((t) => t.name === type)?.fields ?? []);

/** The model's properties of a relationship type; none for STATED_IN, PUBLISHED_BY and types it does not know. */
export const relationshipFields = (model: GraphModel, type: string): ModelField[] => model.relationships.find((r) => r.type === type)?.properties ?? [];

export type SeedFields = { key: unknown; sources: string[]; fields: RecordFields } | { problem: string };

/**
 * Stored properties in seed terms: each partial date's stored Date ('2017-06-01') and precision
 * ('MONTH') folded back into its text ('2017-06'); `key` and `sourceKeys` taken out.
 */
export function seedFields(properties: Record<string, unknown>, modelFields: ModelField[]): SeedFields {
  const { key, sourceKeys, ...fields } = properties;
  if (sourceKeys !== undefined && !isStringList(sourceKeys)) return { problem: `sourceKeys must be a list of strings, not ${JSON.stringify(sourceKeys)}` };
  for (const { name, precisionField } of modelFields) {
    const value = fields[name];
    const precision = precisionField ? fields[precisionField] : undefined;
    if (typeof value !== 'string' || !STORED_DATE.test(value) || !PRECISIONS.has(precision)) continue;
    const date = parsePartialDate(value);
    if (!date) continue;
    fields[name] = formatPartialDate({ ...date, precision: precision as DatePrecision });
    delete fields[precisionField!];
  }
  return { key, sources: sourceKeys ?? [], fields };
}

export const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
