import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { errors } from '../../errors';
import type { GraphModel } from '../../graph/model';
import { readApocJsonl } from './readers/apoc-jsonl';
import { readEcographJsonl } from './readers/ecograph-jsonl';
import { readNeo4jCsv } from './readers/neo4j-csv';
import type { BulkReader } from './records';

export type BulkFormat = 'ecograph-jsonl' | 'apoc-jsonl' | 'neo4j-csv';

const JSON_LINES = /\.(jsonl|ndjson|json-lines)$/i;
const CSV = /\.csv$/i;
const ACCEPTED =
  'ecograph JSON Lines or APOC apoc.export.json JSON Lines (one .jsonl, .ndjson or .json-lines file) or neo4j-admin import CSV (.csv files, a header file and its parts as "header.csv,part1.csv")';

/** A file the bulk importer reads (JSON Lines or CSV), rather than a seed file (YAML, JSON). */
export const isBulkInput = (file: string): boolean => JSON_LINES.test(file) || CSV.test(file);

/**
 * The reader for the input: its format from the extension, and for JSON Lines from the first
 * line. The reader reads the files afresh on each iteration. Throws when the format is not one
 * accepted or a file cannot be opened.
 */
export function openBulkInput(paths: string[], model: GraphModel): { format: BulkFormat; reader: BulkReader } {
  const unaccepted = paths.length === 0 ? 'nothing' : paths.find((p) => !isBulkInput(p));
  if (unaccepted !== undefined) throw errors.usage(`Cannot bulk-import ${unaccepted}: accepted are ${ACCEPTED}`);
  for (const file of paths.flatMap((p) => (CSV.test(p) ? p.split(',') : [p]))) fs.accessSync(file, fs.constants.R_OK);
  if (paths.every((p) => CSV.test(p))) return { format: 'neo4j-csv', reader: readNeo4jCsv(paths, model) };
  if (paths.length > 1) throw errors.usage(`Cannot bulk-import ${paths.join(', ')} as one input: only CSV input can be several files`);
  const file = paths[0]!;
  const format = jsonLinesFormat(file);
  return { format, reader: format === 'apoc-jsonl' ? readApocJsonl(file, model) : readEcographJsonl(file, model) };
}

/** ecograph lines carry "kind", APOC's "type": "node" | "relationship"; an empty file reads as ecograph. */
function jsonLinesFormat(file: string): BulkFormat {
  const line = firstLine(file)
    ?.replace(/^\uFEFF/, '')
    .trim();
  if (line === undefined) return 'ecograph-jsonl';
  const fields = leadingFields(line);
  if (fields.kind !== undefined) return 'ecograph-jsonl';
  if (fields.type === 'node' || fields.type === 'relationship') return 'apoc-jsonl';
  throw errors.usage(
    `Cannot tell the format of ${file}: its first line is neither an ecograph line ({"kind": …}) nor an APOC export line ({"type": "node" | "relationship", …}); accepted: ${ACCEPTED}`,
  );
}

/** A line's top-level fields; of a malformed line (its reader reports it), those its start names. */
function leadingFields(line: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return { kind: /^\{\s*"kind"/.test(line) || undefined, type: /^\{\s*"type"\s*:\s*"(node|relationship)"/.exec(line)?.[1] };
  }
}

/** The first non-blank line of a file, read only as far as needed. */
function firstLine(file: string): string | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const decoder = new StringDecoder('utf8');
    let pending = '';
    for (let read; (read = fs.readSync(fd, buffer)) > 0;) {
      const chunk = decoder.write(buffer.subarray(0, read));
      pending += chunk;
      if (!chunk.includes('\n')) continue;
      const complete = pending
        .split('\n')
        .slice(0, -1)
        .find((l) => l.trim());
      if (complete !== undefined) return complete;
      pending = pending.slice(pending.lastIndexOf('\n') + 1);
    }
    return pending.trim() ? pending : undefined;
  } finally {
    fs.closeSync(fd);
  }
}
