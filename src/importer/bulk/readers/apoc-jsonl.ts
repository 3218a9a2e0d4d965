import { isGenerationCounter } from '../../../graph/generation';
import type { GraphModel } from '../../../graph/model';
import type { BulkReader, ReadItem, RecordLocation } from '../records';
import { isObject, jsonLines } from './json-lines';
import { nodeTypeByLabels, type NodeTypeOf } from './node-types';
import { isStringList, nodeFields, relationshipFields, seedFields } from './stored-fields';

/**
 * Reads the JSON_LINES output of APOC's apoc.export.json.all / .data / .query:
 *   {"type":"node","id":"12","labels":["Entity","Organization"],"properties":{"key":"org:…",…}}
 *   {"type":"relationship","id":"3","label":"FUNDED_BY","properties":{…},
 *    "start":{"id":"12","labels":[…],"properties":{…}?},"end":{…}}
 * Values are as Neo4j stores them (Dates as 'YYYY-MM-DD', plus their precision), turned back into
 * seed terms. Each iteration reads the file afresh.
 */
export function readApocJsonl(file: string, model: GraphModel): BulkReader {
  return {
    async *[Symbol.asyncIterator]() {
      const read: ApocReading = { model, typeOf: nodeTypeByLabels(model), keyById: new Map() };
      for await (const parsed of jsonLines(file)) {
        const at = { file, line: parsed.line };
        if ('error' in parsed) yield { kind: 'problem', at, message: parsed.error };
        // An export of a whole ecograph database holds its generation counter: the import bumps the target's own.
        else if (!(isObject(parsed.value) && isStringList(parsed.value.labels) && isGenerationCounter(parsed.value.labels)))
          yield apocItem(parsed.value, at, read);
      }
    },
  };
}

interface ApocReading {
  model: GraphModel;
  typeOf: NodeTypeOf;
  /**
   * APOC id → key of every node read so far: the one thing that grows with the input. It is only
   * needed when the export omits endpoint properties (APOC's default, writeNodeProperties: false),
   * where a relationship names its endpoints by id alone.
   */
  keyById: Map<string, string>;
}

function apocItem(value: unknown, at: RecordLocation, read: ApocReading): ReadItem {
  const problem = (message: string): ReadItem => ({ kind: 'problem', at, message });
  if (!isObject(value)) return problem('expected a JSON object with "type": "node" or "relationship"');
  const { type, properties = {} } = value;
  const id = idText(value.id);
  if (type !== 'node' && type !== 'relationship') return problem(`"type" must be "node" or "relationship", not ${JSON.stringify(type)}`);
  if (!isObject(properties)) return problem(`${type} ${id}: "properties" must be an object`);

  if (type === 'node') {
    if (!isStringList(value.labels)) return problem(`node ${id}: "labels" must be a list of strings`);
    const nodeType = read.typeOf(value.labels);
    if ('problem' in nodeType) return problem(`node ${id}: ${nodeType.problem}`);
    const stored = seedFields(properties, nodeFields(read.model, nodeType.type));
    if ('problem' in stored) return problem(`node ${id}: ${stored.problem}`);
    if (typeof stored.key !== 'string') return problem(`node ${id} has no "key" property`);
    if (value.id !== undefined) read.keyById.set(id, stored.key);
    return { kind: 'node', type: nodeType.type, key: stored.key, fields: stored.fields, sources: stored.sources, at };
  }

  const { label } = value;
  if (typeof label !== 'string') return problem(`relationship ${id}: "label" (its type) must be a string`);
  const stored = seedFields(properties, relationshipFields(read.model, label));
  if ('problem' in stored) return problem(`relationship ${id} (${label}): ${stored.problem}`);
  const from = endpointKey(value.start, read.keyById);
  const to = endpointKey(value.end, read.keyById);
  if (from === undefined || to === undefined) {
    const end = from === undefined ? 'start' : 'end';
    const node = value[end];
    return problem(`relationship ${id} (${label}): its ${end} node ${isObject(node) ? idText(node.id) : '(missing)'} is not among the nodes read before it`);
  }
  return { kind: 'relationship', type: label, from, to, fields: stored.fields, sources: stored.sources, at };
}

/** The endpoint's key: from its own properties when the export wrote them, else from its node's line. */
function endpointKey(endpoint: unknown, keyById: Map<string, string>): string | undefined {
  if (!isObject(endpoint)) return undefined;
  const key = isObject(endpoint.properties) ? endpoint.properties.key : undefined;
  return typeof key === 'string' ? key : keyById.get(idText(endpoint.id));
}

/** An APOC id as text: a string in recent exports, a number in older ones ("undefined" when absent, as it reads in a message). */
function idText(id: unknown): string {
  return typeof id === 'string' ? id : typeof id === 'number' ? String(id) : String(JSON.stringify(id));
}
