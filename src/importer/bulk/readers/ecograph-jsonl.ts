import type { GraphModel } from '../../../graph/model';
import type { BulkReader, ReadItem, RecordLocation } from '../records';
import { isObject, jsonLines } from './json-lines';
import { isStringList, nodeFields, relationshipFields, seedFields } from './stored-fields';

/**
 * Reads the generator's JSON Lines (src/generate/write.ts, jsonlLines):
 *   {"kind":"node","type":"Organization","key":"org:…","source":"source:…","properties":{…}}
 *   {"kind":"relationship","type":"FUNDED_BY","from":"…","to":"…","source":"source:…","properties":{…}}
 * `source` may also be a list, `"sources": [...]`. Each iteration reads the file afresh.
 */
export function readEcographJsonl(file: string, model: GraphModel): BulkReader {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const parsed of jsonLines(file)) {
        const at = { file, line: parsed.line };
        yield 'error' in parsed ? { kind: 'problem', at, message: parsed.error } : ecographItem(parsed.value, at, model);
      }
    },
  };
}

function ecographItem(value: unknown, at: RecordLocation, model: GraphModel): ReadItem {
  const problem = (message: string): ReadItem => ({ kind: 'problem', at, message });
  if (!isObject(value)) return problem('expected a JSON object with "kind": "node" or "relationship"');
  const { kind, type, properties = {} } = value;
  if (kind !== 'node' && kind !== 'relationship') return problem(`"kind" must be "node" or "relationship", not ${JSON.stringify(kind)}`);
  if (typeof type !== 'string') return problem(`a ${kind} needs a "type" string`);
  if (!isObject(properties)) return problem('"properties" must be an object');
  const stored = seedFields(properties, kind === 'node' ? nodeFields(model, type) : relationshipFields(model, type));
  if ('problem' in stored) return problem(stored.problem);
  const sources = value.sources ?? (value.source === undefined ? stored.sources : [value.source]);
  if (!isStringList(sources)) return problem('"source" must be a source key, "sources" a list of them');

  if (kind === 'node') {
    const key = value.key ?? stored.key;
    if (typeof key !== 'string') return problem(`a node needs a "key" string`);
    return { kind, type, key, fields: stored.fields, sources, at };
  }
  const { from, to } = value;
  if (typeof from !== 'string' || typeof to !== 'string') return problem('a relationship needs "from" and "to" key strings');
  return { kind, type, from, to, fields: stored.fields, sources, at };
}
