import fs from 'node:fs';
import path from 'node:path';
import type { GeneratedGraph } from './generator';

export type OutputFormat = 'seed' | 'jsonl';

/**
 * A seed file as JSON, one entity or relationship per line (so a validation problem's line number
 * points at it), with a fixed key order: the same graph always gives the same bytes.
 */
export function seedFileText(seed: GeneratedGraph['files'][number]['seed']): string {
  const list = (items: object[]) => (items.length === 0 ? '[]' : `[\n${items.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`);
  return `{\n  "formatVersion": ${seed.formatVersion},\n  "source": ${JSON.stringify(seed.source)},\n  "entities": ${list(seed.entities)},\n  "relationships": ${list(seed.relationships)}\n}\n`;
}

/**
 * The JSON Lines form, for a future bulk importer: one object per line, every node before any
 * relationship, in file order. Shapes:
 *
 *   {"kind":"node","type":"Source","key":"source:gen-part-0001","properties":{…the seed's source block…}}
 *   {"kind":"node","type":"Organization","key":"org:gen-000042","source":"source:gen-part-0001",
 *    "properties":{"name":"…","kind":"COMPANY"}}
 *   {"kind":"relationship","type":"FUNDED_BY","from":"project:gen-…","to":"org:gen-…",
 *    "source":"source:gen-part-0001","properties":{"amount":1500000,"currency":"SEK"}}
 *
 * `source` is the Source node that states the line (the STATED_IN edge and `sourceKeys`). Values
 * are as in the seed format: dates stay partial-date strings ("2017-06"), which the importer turns
 * into a Date plus `<field>Precision`.
 */
export function* jsonlLines(graph: GeneratedGraph): Generator<string> {
  for (const { seed } of graph.files) {
    const { key, ...properties } = seed.source;
    yield JSON.stringify({ kind: 'node', type: 'Source', key, properties });
  }
  for (const { seed } of graph.files) {
    for (const { key, type, ...properties } of seed.entities) {
      yield JSON.stringify({ kind: 'node', type, key, source: seed.source.key, properties });
    }
  }
  for (const { seed } of graph.files) {
    for (const { type, from, to, ...properties } of seed.relationships) {
      yield JSON.stringify({ kind: 'relationship', type, from, to, source: seed.source.key, properties });
    }
  }
}

/** Writes the graph into `outDir` (created if missing); returns the files written, in import order. */
export function writeGraph(graph: GeneratedGraph, outDir: string, format: OutputFormat = 'seed'): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  if (format === 'jsonl') {
    const file = path.join(outDir, `${graph.options.namespace}.jsonl`);
    const fd = fs.openSync(file, 'w');
    try {
      let buffer = '';
      for (const line of jsonlLines(graph)) {
        buffer += `${line}\n`;
        if (buffer.length > 1 << 20) {
          fs.writeSync(fd, buffer);
          buffer = '';
        }
      }
      fs.writeSync(fd, buffer);
    } finally {
      fs.closeSync(fd);
    }
    return [file];
  }
  return graph.files.map((f) => {
    const file = path.join(outDir, f.name);
    fs.writeFileSync(file, seedFileText(f.seed));
    return file;
  });
}
