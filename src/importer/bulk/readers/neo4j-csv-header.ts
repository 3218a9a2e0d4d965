/**
 * neo4j-admin import's CSV header: `name:type` fields (string by default; int, long, float,
 * double, boolean, date, … and arrays `string[]`, split on ';'), `:ID` / `key:ID` / `:ID(Group)`,
 * `:LABEL`, `:IGNORE`, and in relationship files `:START_ID`, `:END_ID` (with groups) and `:TYPE`.
 */

export const ARRAY_DELIMITER = ';';

type ValueType = 'string' | 'int' | 'float' | 'boolean' | 'date';
const VALUE_TYPES: Record<string, ValueType> = {
  string: 'string',
  char: 'string',
  int: 'int',
  long: 'int',
  short: 'int',
  byte: 'int',
  float: 'float',
  double: 'float',
  boolean: 'boolean',
  date: 'date',
};
const KEYWORDS = { id: 'id', start_id: 'start', end_id: 'end', label: 'label', type: 'type', ignore: 'ignore' } as const;
type Keyword = (typeof KEYWORDS)[keyof typeof KEYWORDS];

export type IdColumn = { role: 'id' | 'start' | 'end'; field: string; group: string };
export type PropertyColumn = { role: 'property'; field: string; name: string; type: ValueType; array: boolean };
export type Column = IdColumn | PropertyColumn | { role: 'label' | 'type' | 'ignore'; field: string };

export interface CsvHeader {
  kind: 'nodes' | 'relationships';
  columns: Column[];
  /**
   * Nodes only: the ID group, and whether a plain `key` column holds the key; else the :ID value
   * is the key (an :ID column's name is not stored as a field: the model has no such field).
   */
  group: string;
  keyColumn: boolean;
}

const FIELD = /^([^:]*)(?::([A-Za-z_]+)(\[\])?(?:\(([^)]*)\))?)?$/;

function columnOf(field: string): Column | { problem: string } {
  const match = FIELD.exec(field);
  const [, name = '', typeName = 'string', array, group] = match ?? [];
  const keyword = (KEYWORDS as Record<string, Keyword>)[typeName.toLowerCase()];
  const type = VALUE_TYPES[typeName.toLowerCase()];
  if (!match || (!keyword && !type)) {
    return {
      problem: `header field "${field}" is not name:type with a type among ${[...Object.keys(VALUE_TYPES), ...Object.keys(KEYWORDS).map((k) => k.toUpperCase())].join(', ')}`,
    };
  }
  if (group !== undefined && !['id', 'start', 'end'].includes(keyword ?? ''))
    return { problem: `header field "${field}": only :ID, :START_ID and :END_ID take an (ID group)` };
  if (array && !type) return { problem: `header field "${field}": only value types can be arrays` };
  if (keyword === 'id' || keyword === 'start' || keyword === 'end') return { role: keyword, field, group: group ?? '' };
  if (keyword) return { role: keyword, field };
  if (!name) return { problem: `header field "${field}" has no property name` };
  return { role: 'property', field, name, type: type!, array: Boolean(array) };
}

/** The header of a node or relationship file, or what is wrong with it. */
export function parseHeader(fields: string[]): CsvHeader | { problem: string } {
  const columns: Column[] = [];
  for (const field of fields) {
    const column = columnOf(field);
    if ('problem' in column) return column;
    columns.push(column);
  }
  const has = (role: Column['role']) => columns.some((c) => c.role === role);
  const id = columns.find((c): c is IdColumn => c.role === 'id');
  if (id && !has('start') && !has('end')) {
    if (!has('label')) return { problem: 'a node file needs a :LABEL field (labels named on the command line are not supported)' };
    const keyColumn = columns.some((c) => c.role === 'property' && c.name === 'key');
    return { kind: 'nodes', columns, group: id.group, keyColumn };
  }
  if (!id && has('start') && has('end')) {
    if (!has('type')) return { problem: 'a relationship file needs a :TYPE field' };
    return { kind: 'relationships', columns, group: '', keyColumn: false };
  }
  return { problem: `a CSV file needs an :ID field (a node file) or :START_ID and :END_ID fields (a relationship file); its header is ${fields.join(',')}` };
}

const INTEGER = /^[+-]?\d+$/;
function converted(type: ValueType, text: string): unknown {
  if (type === 'int') return INTEGER.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
  if (type === 'float') return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined;
  if (type === 'boolean') return /^(true|false)$/i.test(text) ? text.toLowerCase() === 'true' : undefined;
  return text;
}

/** A cell's value by its column's type (dates stay 'YYYY-MM-DD' text), or what is wrong with it. */
export function cellValue(column: PropertyColumn, text: string): { value: unknown } | { problem: string } {
  const texts = column.array ? text.split(ARRAY_DELIMITER) : [text];
  const values = texts.map((t) => converted(column.type, t));
  const bad = texts.find((_, i) => values[i] === undefined);
  if (bad !== undefined) return { problem: `column ${column.field}: ${JSON.stringify(bad)} is not of type ${column.type}` };
  return { value: column.array ? values : values[0] };
}
