import type { GraphModel } from '../../../graph/model';
import { isGenerationCounter } from '../../../graph/generation';
import type { BulkReader, ReadItem, RecordLocation } from '../records';
import { csvRecords } from './csv-records';
import { ARRAY_DELIMITER, cellValue, type Column, type CsvHeader, type IdColumn, parseHeader } from './neo4j-csv-header';
import { nodeTypeByLabels, type NodeTypeOf } from './node-types';
import { nodeFields, relationshipFields, seedFields } from './stored-fields';

/** One input as neo4j-admin takes it: a CSV file, or a header file and its data files ('header.csv,part1.csv'). */
interface CsvInput {
  files: string[];
  header: CsvHeader;
}

interface CsvReading {
  model: GraphModel;
  typeOf: NodeTypeOf;
  /**
   * id → key per ID group whose node files have a `key` column beside the :ID: the one thing that
   * grows with the input, and only then. In other groups an id is the key itself.
   */
  keyById: Map<string, Map<string, string>>;
}

/**
 * Reads neo4j-admin import CSV files as one input: node files first, then relationship files,
 * whatever order they are given in. Each iteration reads the files afresh.
 */
export function readNeo4jCsv(paths: string[], model: GraphModel): BulkReader {
  return {
    async *[Symbol.asyncIterator]() {
      const inputs: CsvInput[] = [];
      for (const files of paths.map((p) => p.split(','))) {
        const header = await headerOf(files[0]!);
        if ('problem' in header) yield header.problem;
        else inputs.push({ files, header });
      }
      const nodeInputs = inputs.filter((i) => i.header.kind === 'nodes');
      const read: CsvReading = {
        model,
        typeOf: nodeTypeByLabels(model),
        keyById: new Map(nodeInputs.filter((i) => i.header.keyColumn).map((i) => [i.header.group, new Map<string, string>()])),
      };
      for (const input of [...nodeInputs, ...inputs.filter((i) => i.header.kind === 'relationships')]) {
        for await (const record of dataRecords(input.files)) {
          if ('error' in record) yield { kind: 'problem', at: record.at, message: record.error };
          else {
            const item =
              input.header.kind === 'nodes'
                ? nodeItem(record.fields, record.at, input.header, read)
                : relationshipItem(record.fields, record.at, input.header, read);
            if (item) yield item;
          }
        }
      }
    },
  };
}

async function headerOf(file: string): Promise<CsvHeader | { problem: ReadItem }> {
  for await (const record of csvRecords(file)) {
    const at = { file, line: record.line };
    if ('error' in record) return { problem: { kind: 'problem', at, message: record.error } };
    const header = parseHeader(record.fields);
    return 'problem' in header ? { problem: { kind: 'problem', at, message: header.problem } } : header;
  }
  return { problem: { kind: 'problem', at: { file, line: 1 }, message: 'the file is empty: a CSV file needs a header line' } };
}

/** The records after the header (the first file's first record), file by file. */
async function* dataRecords(files: string[]) {
  for (const [index, file] of files.entries()) {
    let skipHeader = index === 0;
    for await (const record of csvRecords(file)) {
      if (skipHeader) skipHeader = false;
      else yield { ...record, at: { file, line: record.line } };
    }
  }
}

interface Row {
  id?: string;
  start?: string;
  end?: string;
  labels: string[];
  type?: string;
  properties: Record<string, unknown>;
}

/** A record's cells by their columns; empty cells are absent. */
function rowOf(fields: string[], columns: Column[]): Row | { problem: string } {
  if (fields.length > columns.length) return { problem: `the record has ${fields.length} fields, its header ${columns.length}` };
  const row: Row = { labels: [], properties: {} };
  for (const [index, column] of columns.entries()) {
    const text = fields[index] ?? '';
    if (text === '' || column.role === 'ignore') continue;
    if (column.role === 'label') row.labels.push(...text.split(ARRAY_DELIMITER).filter(Boolean));
    else if (column.role === 'property') {
      const cell = cellValue(column, text);
      if ('problem' in cell) return cell;
      row.properties[column.name] = cell.value;
    } else row[column.role] = text;
  }
  return row;
}

/** The node of a row; none for ecograph's generation counter (an export of a whole database has it; the import bumps the target's own). */
function nodeItem(fields: string[], at: RecordLocation, header: CsvHeader, read: CsvReading): ReadItem | undefined {
  const problem = (message: string): ReadItem => ({ kind: 'problem', at, message });
  const row = rowOf(fields, header.columns);
  if ('problem' in row) return problem(row.problem);
  if (isGenerationCounter(row.labels)) return undefined;
  if (row.id === undefined) return problem('the node has no :ID value');
  const nodeType = read.typeOf(row.labels);
  if ('problem' in nodeType) return problem(nodeType.problem);
  const stored = seedFields(row.properties, nodeFields(read.model, nodeType.type));
  if ('problem' in stored) return problem(stored.problem);
  const key = header.keyColumn ? stored.key : row.id;
  if (typeof key !== 'string') return problem(`the node ${row.id} has no key (its key column is empty)`);
  read.keyById.get(header.group)?.set(row.id, key);
  return { kind: 'node', type: nodeType.type, key, fields: stored.fields, sources: stored.sources, at };
}

function relationshipItem(fields: string[], at: RecordLocation, header: CsvHeader, read: CsvReading): ReadItem {
  const problem = (message: string): ReadItem => ({ kind: 'problem', at, message });
  const row = rowOf(fields, header.columns);
  if ('problem' in row) return problem(row.problem);
  if (row.type === undefined) return problem('the relationship has no :TYPE value');
  const stored = seedFields(row.properties, relationshipFields(read.model, row.type));
  if ('problem' in stored) return problem(stored.problem);
  const from = endpointKey(row, 'start', header, read);
  if ('problem' in from) return problem(from.problem);
  const to = endpointKey(row, 'end', header, read);
  if ('problem' in to) return problem(to.problem);
  return { kind: 'relationship', type: row.type, from: from.key, to: to.key, fields: stored.fields, sources: stored.sources, at };
}

/** An endpoint's key: its id itself, or in an ID group whose node files have a key column, the key they gave that id. */
function endpointKey(row: Row, end: 'start' | 'end', header: CsvHeader, read: CsvReading): { key: string } | { problem: string } {
  const column = header.columns.find((c): c is IdColumn => c.role === end)!;
  const id = row[end];
  if (id === undefined) return { problem: `the relationship has no ${column.field} value` };
  const keys = read.keyById.get(column.group);
  const key = keys ? keys.get(id) : id;
  return key !== undefined ? { key } : { problem: `${column.field} ${id} is not the :ID of any node${column.group ? ` of ID group ${column.group}` : ''}` };
}
