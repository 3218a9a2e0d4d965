import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  getNamedType,
  graphql,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
  Kind,
} from 'graphql';
import type { Driver } from 'neo4j-driver';
import { generateGraph } from '../../src/generate/generator';
import { writeGraph } from '../../src/generate/write';
import { backfillPromisedLists } from '../../src/graph/promised-lists';
import { buildGraphSchema } from '../../src/graph/schema';
import { importBulk } from '../../src/importer/bulk/import-bulk';
import { importSeeds } from '../../src/importer/import-seeds';
import { packageRoot } from '../../src/paths';
import { createRequestContext } from '../../src/request/context';
import { testConnection, testDriver, testModel } from '../support/database';

/**
 * The model read whole: every field of every node type, through the generated API, on the seed
 * graph and on generated ones (both write paths: seed files and JSON Lines), with no error. A field
 * the model promises (a non-null list, say) that some write path leaves out fails here.
 */

const takesNoRequiredArgument = (field: GraphQLField<unknown, unknown>) => field.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined);

/** Small pages below the root, so that a selection of everything stays cheap. */
function pageArguments(field: GraphQLField<unknown, unknown>): string {
  const names = new Set(field.args.map((a) => a.name));
  return names.has('limit') ? '(limit: 3)' : names.has('first') ? '(first: 3)' : '';
}

/**
 * Connections to an interface (`statesConnection` of Source, `keyLinksConnection` of Ecosystem):
 * @neo4j/graphql 7.6 fails their `aggregate { count { edges } }` ("Edge variable not defined in
 * Count field. This is likely a bug with the GraphQL library."), a bug of its own; the one field
 * this test leaves out, and only there.
 */
function countsEdgesOfInterface(type: GraphQLNamedType): boolean {
  if (!isObjectType(type)) return false;
  const edges = type.getFields().edges;
  const edge = edges && getNamedType(edges.type);
  const node = edge && isObjectType(edge) ? edge.getFields().node : undefined;
  return Boolean(type.getFields().aggregate && node && isInterfaceType(getNamedType(node.type)));
}

/**
 * A field and, when it is composite, every field below it, down to the nodes and relationship
 * properties one hop away (`hops`), whose leaf fields end the selection: connections, their edges
 * and aggregates are the way there and no hop themselves. (Never a composite field's __typename
 * alone: @neo4j/graphql 7.6 answers a relationship's `properties { __typename }` with null, another
 * bug of its own.)
 */
function selectField(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>, hops: number, stops: Set<string>, withoutCountEdges = false): string {
  const target = getNamedType(field.type);
  if (isLeafType(target)) return withoutCountEdges && field.name === 'edges' ? '' : field.name;
  if (!isCompositeType(target) || hops === 0) return '';
  const left = stops.has(target.name) || !isObjectType(target) ? hops - 1 : hops;
  const skip = (field.name === 'aggregate' && countsEdgesOfInterface(parent)) || (withoutCountEdges && field.name === 'count');
  return `${field.name}${pageArguments(field)} { __typename ${everything(target, left, stops, skip)} }`;
}

function everything(type: GraphQLNamedType, hops: number, stops: Set<string>, withoutCountEdges = false): string {
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const fields = Object.values(type.getFields()).filter(takesNoRequiredArgument);
  return fields.map((field) => selectField(type, field, hops, stops, withoutCountEdges)).join(' ');
}

/** The generated API's root list of each node type (`organizations: [Organization!]!`), by type. */
function rootLists(schema: GraphQLSchema): [string, GraphQLObjectType][] {
  const nodeTypes = new Set(testModel().nodeTypes.map((t) => t.name));
  return Object.values(schema.getQueryType()!.getFields())
    .map((field) => [field.name, getNamedType(field.type)] as const)
    .filter((entry): entry is [string, GraphQLObjectType] => isObjectType(entry[1]) && nodeTypes.has(entry[1].name) && !entry[0].endsWith('Connection'));
}

/** Where a selection stops: node types and relationship properties (the model's @node and @relationshipProperties types). */
function hopTypes(): Set<string> {
  const model = testModel();
  const properties = model.document.definitions.flatMap((d) =>
    d.kind === Kind.OBJECT_TYPE_DEFINITION && d.directives?.some((x) => x.name.value === 'relationshipProperties') ? [d.name.value] : [],
  );
  return new Set([...model.nodeTypes.map((t) => t.name), ...properties]);
}

async function readWhole(schema: GraphQLSchema, driver: Driver): Promise<Record<string, number>> {
  const { database } = testConnection();
  const ask = (source: string) => graphql({ schema, source, contextValue: createRequestContext(driver, database) });
  const stops = hopTypes();
  const counts: Record<string, number> = {};
  const problems: string[] = [];
  for (const [root, type] of rootLists(schema)) {
    // Every node's own fields, page by page.
    const fields = Object.values(type.getFields()).filter(takesNoRequiredArgument);
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type))).map((f) => f.name);
    for (let offset = 0; ; offset += 500) {
      const page = await ask(`{ ${root}(limit: 500, offset: ${offset}) { ${leaves.join(' ')} } }`);
      problems.push(...(page.errors ?? []).map((e) => `${root}(offset: ${offset}): ${e.message}`));
      const rows = (page.data as Record<string, unknown[]> | null)?.[root] ?? [];
      counts[type.name] = (counts[type.name] ?? 0) + rows.length;
      if (rows.length < 500) break;
    }
    // Then each related field of a few nodes, with everything it leads to one hop away.
    for (const field of fields.filter((f) => isCompositeType(getNamedType(f.type)))) {
      const selection = selectField(type, field, 1, stops);
      const answer = await ask(`{ ${root}(limit: 10) { key ${selection} } }`);
      problems.push(...(answer.errors ?? []).map((e) => `${e.path?.join('.')}: ${e.message}`));
    }
  }
  expect(problems).toEqual([]);
  return counts;
}

describe('the model read whole through the generated API', () => {
  const { database } = testConnection();
  let driver: Driver;
  let schema: GraphQLSchema;
  const dirs: string[] = [];
  const emptyGraph = () => driver.executeQuery('MATCH (n) DETACH DELETE n', {}, { database });

  beforeAll(async () => {
    driver = testDriver();
    schema = await buildGraphSchema(driver, database, testModel());
  });
  afterAll(async () => {
    await emptyGraph();
    await driver.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  const generated = (format: 'seed' | 'jsonl') => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-read-whole-'));
    dirs.push(dir);
    const graph = generateGraph({ scale: 1500, seed: 12, namespace: `whole-${format}`, entitiesPerFile: 500 });
    return { graph, files: writeGraph(graph, dir, format) };
  };

  it('gives nodes stored without them the lists the model promises, once', async () => {
    await emptyGraph();
    // aliases and sourceKeys are every write path's own; externalLinks is the model's promise that nothing writes.
    await driver.executeQuery("CREATE (:Project:Entity {key: 'project:no-lists', name: 'No lists', aliases: [], sourceKeys: []})", {}, { database });
    expect(await backfillPromisedLists(driver, database, testModel())).toBeGreaterThan(0);
    const answer = await graphql({
      schema,
      source: '{ projects { key externalLinks aliases sourceKeys } }',
      contextValue: createRequestContext(driver, database),
    });
    expect(answer).toEqual({ data: { projects: [{ key: 'project:no-lists', externalLinks: [], aliases: [], sourceKeys: [] }] } });
    expect(await backfillPromisedLists(driver, database, testModel())).toBe(0);
  });

  it('selects every field of every type on the seed graph with no error', async () => {
    await emptyGraph();
    await importSeeds({ driver, database, model: testModel() }, [path.join(packageRoot, 'seeds')]);
    const counts = await readWhole(schema, driver);
    expect(counts.Project).toBeGreaterThan(0);
    expect(counts.Region).toBeGreaterThan(0);
  });

  it('selects every field of every type on a generated graph imported from seed files, and from JSON Lines', async () => {
    for (const format of ['seed', 'jsonl'] as const) {
      await emptyGraph();
      const { graph, files } = generated(format);
      const store = { driver, database, model: testModel() };
      if (format === 'seed') await importSeeds(store, files);
      else await importBulk(store, files);
      const counts = await readWhole(schema, driver);
      for (const [type, count] of Object.entries(graph.counts.byType)) expect({ format, type, count: counts[type] }).toEqual({ format, type, count });
    }
  });
});
