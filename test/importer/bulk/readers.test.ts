import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateGraph } from '../../../src/generate/generator';
import { jsonlLines } from '../../../src/generate/write';
import { isBulkInput, openBulkInput } from '../../../src/importer/bulk/read';
import { readApocJsonl } from '../../../src/importer/bulk/readers/apoc-jsonl';
import { readEcographJsonl } from '../../../src/importer/bulk/readers/ecograph-jsonl';
import { readNeo4jCsv } from '../../../src/importer/bulk/readers/neo4j-csv';
import type { BulkReader, ReadItem } from '../../../src/importer/bulk/records';
import { testModel } from '../../support/database';

const model = testModel();
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-bulk-readers-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, lines: (string | object)[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return file;
}

async function collect(reader: BulkReader): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of reader) items.push(item);
  return items;
}

/** Items in a compact form: problems as [line, message], records without their file. */
const brief = (items: ReadItem[]) =>
  items.map((item) =>
    item.kind === 'problem' ? [path.basename(item.at.file), item.at.line, item.message] : { ...item, at: [path.basename(item.at.file), item.at.line] },
  );

describe('the ecograph JSON Lines reader', () => {
  const lines = [
    { kind: 'node', type: 'Source', key: 'source:test', properties: { kind: 'REPORT', title: 'T', lastUpdated: '2022-06', publisherKey: 'org:a' } },
    { kind: 'node', type: 'Organization', key: 'org:a', source: 'source:test', properties: { name: 'A', kind: 'COMPANY' } },
    '',
    '{"kind":"node", oops}',
    {
      kind: 'node',
      type: 'Project',
      key: 'project:p',
      sources: ['source:test', 'source:b'],
      properties: { name: 'P', start: '2017-06-01', startPrecision: 'MONTH' },
    },
    { kind: 'relationship', type: 'FUNDED_BY', from: 'project:p', to: 'org:a', source: 'source:test', properties: { amount: 100 } },
    { kind: 'edge', type: 'X' },
    { kind: 'node', type: 'Organization', properties: { name: 'keyless' } },
  ];

  it('reads nodes and relationships with their lines, sources and folded dates, and a problem per bad line', async () => {
    const file = fixture('graph.jsonl', lines);
    expect(brief(await collect(readEcographJsonl(file, model)))).toEqual([
      {
        kind: 'node',
        type: 'Source',
        key: 'source:test',
        fields: { kind: 'REPORT', title: 'T', lastUpdated: '2022-06', publisherKey: 'org:a' },
        sources: [],
        at: ['graph.jsonl', 1],
      },
      { kind: 'node', type: 'Organization', key: 'org:a', fields: { name: 'A', kind: 'COMPANY' }, sources: ['source:test'], at: ['graph.jsonl', 2] },
      ['graph.jsonl', 4, expect.stringMatching(/^malformed JSON: /)],
      {
        kind: 'node',
        type: 'Project',
        key: 'project:p',
        fields: { name: 'P', start: '2017-06' },
        sources: ['source:test', 'source:b'],
        at: ['graph.jsonl', 5],
      },
      { kind: 'relationship', type: 'FUNDED_BY', from: 'project:p', to: 'org:a', fields: { amount: 100 }, sources: ['source:test'], at: ['graph.jsonl', 6] },
      ['graph.jsonl', 7, '"kind" must be "node" or "relationship", not "edge"'],
      ['graph.jsonl', 8, 'a node needs a "key" string'],
    ]);
  });

  it('is read afresh on each iteration', async () => {
    const reader = readEcographJsonl(fixture('again.jsonl', lines), model);
    const first = await collect(reader);
    expect(await collect(reader)).toEqual(first);
    expect(first).toHaveLength(7);
  });

  it('reads a generated graph whole: one node per entity and source, one relationship per relationship', async () => {
    const graph = generateGraph({ scale: 2000, seed: 1 });
    const file = path.join(dir, 'generated.jsonl');
    fs.writeFileSync(file, [...jsonlLines(graph)].join('\n') + '\n');
    const { format, reader } = openBulkInput([file], model);
    expect(format).toBe('ecograph-jsonl');
    const counts = { node: 0, relationship: 0, problem: 0 };
    for await (const item of reader) counts[item.kind]++;
    expect(counts).toEqual({ node: graph.counts.entities + graph.counts.sources, relationship: graph.counts.relationships, problem: 0 });
  });

  it('throws when the file is missing', async () => {
    await expect(collect(readEcographJsonl(path.join(dir, 'missing.jsonl'), model))).rejects.toThrow(/ENOENT/);
  });
});

describe('the APOC JSON Lines reader', () => {
  const org = { id: '1', labels: ['Entity', 'Organization'] };
  const file = () =>
    fixture('apoc.jsonl', [
      { type: 'node', id: '0', labels: ['Source'], properties: { key: 'source:test', title: 'T', lastUpdated: '2022-06-01', lastUpdatedPrecision: 'MONTH' } },
      { type: 'node', ...org, properties: { key: 'org:a', name: 'A', aliases: [], sourceKeys: ['source:test'] } },
      {
        type: 'node',
        id: '2',
        labels: ['Entity', 'Project'],
        properties: {
          key: 'project:p',
          name: 'P',
          start: '2017-06-01',
          startPrecision: 'MONTH',
          end: '2021-12-31',
          endPrecision: 'DAY',
          sourceKeys: ['source:test'],
        },
      },
      { type: 'node', id: '3', labels: ['Entity', 'Foo'], properties: { key: 'foo:x' } },
      { type: 'node', id: '4', labels: ['Entity'], properties: { key: 'x:y' } },
      {
        type: 'relationship',
        id: '0',
        label: 'FUNDED_BY',
        properties: { amount: 100, sourceKeys: ['source:test'] },
        start: { id: '2', labels: ['Entity', 'Project'] },
        end: org,
      },
      { type: 'relationship', id: '1', label: 'STATED_IN', properties: { sourceKeys: ['source:test'] }, start: org, end: { id: '0', labels: ['Source'] } },
      {
        type: 'relationship',
        id: '2',
        label: 'HOLDS_ROLE',
        properties: { title: 'CEO', since: '2019-01-01', sincePrecision: 'YEAR' },
        start: { id: '99', labels: ['Entity', 'Person'], properties: { key: 'person:b', name: 'B' } },
        end: org,
      },
      { type: 'relationship', id: '3', label: 'FUNDED_BY', properties: {}, start: { id: '42', labels: ['Entity', 'Project'] }, end: org },
      '{"type":"node",',
      // ecograph's generation counter, as an export of a whole database has it: not read (no item, no problem).
      { type: 'node', id: '77', labels: ['GraphGeneration'], properties: { key: 'graph', value: 3 } },
    ]);

  it('reads nodes by their labels, relationships by their endpoint ids or keys, dates folded, sourceKeys as sources', async () => {
    expect(brief(await collect(readApocJsonl(file(), model)))).toEqual([
      { kind: 'node', type: 'Source', key: 'source:test', fields: { title: 'T', lastUpdated: '2022-06' }, sources: [], at: ['apoc.jsonl', 1] },
      { kind: 'node', type: 'Organization', key: 'org:a', fields: { name: 'A', aliases: [] }, sources: ['source:test'], at: ['apoc.jsonl', 2] },
      {
        kind: 'node',
        type: 'Project',
        key: 'project:p',
        fields: { name: 'P', start: '2017-06', end: '2021-12-31' },
        sources: ['source:test'],
        at: ['apoc.jsonl', 3],
      },
      ['apoc.jsonl', 4, expect.stringMatching(/^node 3: unknown label\(s\) Foo; the model's node labels are .*Organization.*Source/)],
      ['apoc.jsonl', 5, expect.stringMatching(/^node 4: the labels Entity are not all the labels of any node type/)],
      { kind: 'relationship', type: 'FUNDED_BY', from: 'project:p', to: 'org:a', fields: { amount: 100 }, sources: ['source:test'], at: ['apoc.jsonl', 6] },
      { kind: 'relationship', type: 'STATED_IN', from: 'org:a', to: 'source:test', fields: {}, sources: ['source:test'], at: ['apoc.jsonl', 7] },
      { kind: 'relationship', type: 'HOLDS_ROLE', from: 'person:b', to: 'org:a', fields: { title: 'CEO', since: '2019' }, sources: [], at: ['apoc.jsonl', 8] },
      ['apoc.jsonl', 9, 'relationship 3 (FUNDED_BY): its start node 42 is not among the nodes read before it'],
      ['apoc.jsonl', 10, expect.stringMatching(/^malformed JSON: /)],
    ]);
  });

  it('is read afresh on each iteration, its id map too', async () => {
    const { format, reader } = openBulkInput([file()], model);
    expect(format).toBe('apoc-jsonl');
    const first = await collect(reader);
    expect(await collect(reader)).toEqual(first);
    expect(first).toHaveLength(10);
  });
});

describe('the neo4j-admin CSV reader', () => {
  const csv = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const files = () => [
    csv(
      'rels.csv',
      [
        ':START_ID,:END_ID(Org),:TYPE,amount:float,since:date,sincePrecision,title',
        'project:p,1,FUNDED_BY,100.5,,,',
        'person:b,2,HOLDS_ROLE,,2019-01-01,YEAR,CEO',
        'project:q,9,FUNDED_BY,,,,',
      ].join('\n'),
    ),
    csv(
      'orgs.csv',
      [
        ':ID(Org),key,name,kind,:LABEL,sourceKeys:string[],founded:int,:IGNORE',
        '1,org:a,A,COMPANY,Entity;Organization,source:x;source:y,,junk',
        '2,org:b,"B, with ""quotes""',
        'and a newline",OTHER,Organization;Entity,,1990,',
        '',
        '3,org:c,C,OTHER,Entity;Organization,,abc,',
      ].join('\r\n'),
    ),
    // The last row is ecograph's generation counter, as an export of a whole database has it: not read.
    `${csv('people-header.csv', 'key:ID,name,:LABEL\n')},${csv('people-part1.csv', 'person:b,B,Person;Entity\nperson:c,C,Foo\ngraph,,GraphGeneration\n')}`,
    csv('projects.csv', 'key:ID,name,start:date,startPrecision,:LABEL\nproject:p,P,2017-06-01,MONTH,Project;Entity\nproject:q,Q,2018-01-01,,Project;Entity\n'),
    csv('no-id.csv', 'name,:LABEL\nx,Organization\n'),
    csv('unclosed.csv', ':ID,:LABEL\n"org:z,Organization\n'),
  ];

  it('reads node files before relationship files, by header types, with ID groups mapped to keys', async () => {
    const { format, reader } = openBulkInput(files(), model);
    expect(format).toBe('neo4j-csv');
    expect(brief(await collect(reader))).toEqual([
      ['no-id.csv', 1, 'a CSV file needs an :ID field (a node file) or :START_ID and :END_ID fields (a relationship file); its header is name,:LABEL'],
      { kind: 'node', type: 'Organization', key: 'org:a', fields: { name: 'A', kind: 'COMPANY' }, sources: ['source:x', 'source:y'], at: ['orgs.csv', 2] },
      {
        kind: 'node',
        type: 'Organization',
        key: 'org:b',
        fields: { name: 'B, with "quotes"\r\nand a newline', kind: 'OTHER', founded: 1990 },
        sources: [],
        at: ['orgs.csv', 3],
      },
      ['orgs.csv', 6, 'column founded:int: "abc" is not of type int'],
      { kind: 'node', type: 'Person', key: 'person:b', fields: { name: 'B' }, sources: [], at: ['people-part1.csv', 1] },
      ['people-part1.csv', 2, expect.stringMatching(/^unknown label\(s\) Foo/)],
      { kind: 'node', type: 'Project', key: 'project:p', fields: { name: 'P', start: '2017-06' }, sources: [], at: ['projects.csv', 2] },
      { kind: 'node', type: 'Project', key: 'project:q', fields: { name: 'Q', start: '2018-01-01' }, sources: [], at: ['projects.csv', 3] },
      ['unclosed.csv', 2, expect.stringMatching(/^malformed CSV: /)],
      { kind: 'relationship', type: 'FUNDED_BY', from: 'project:p', to: 'org:a', fields: { amount: 100.5 }, sources: [], at: ['rels.csv', 2] },
      { kind: 'relationship', type: 'HOLDS_ROLE', from: 'person:b', to: 'org:b', fields: { since: '2019', title: 'CEO' }, sources: [], at: ['rels.csv', 3] },
      ['rels.csv', 4, ':END_ID(Org) 9 is not the :ID of any node of ID group Org'],
    ]);
  });

  it('is read afresh on each iteration', async () => {
    const reader = readNeo4jCsv(files(), model);
    const first = await collect(reader);
    expect(await collect(reader)).toEqual(first);
    expect(first).toHaveLength(12);
  });

  it('names a bad header field', async () => {
    const items = await collect(readNeo4jCsv([csv('bad-type.csv', ':ID,:LABEL,when:datetimez\n')], model));
    expect(brief(items)).toEqual([['bad-type.csv', 1, expect.stringMatching(/^header field "when:datetimez" is not name:type with a type among string, /)]]);
  });
});

describe('choosing the reader', () => {
  it('routes JSON Lines and CSV to the bulk importer, YAML and JSON to the seed importer', () => {
    expect(['a.jsonl', 'a.NDJSON', 'a.json-lines', 'a.csv', 'h.csv,p.csv'].every(isBulkInput)).toBe(true);
    expect(['a.yaml', 'a.yml', 'a.json', 'a.txt'].some(isBulkInput)).toBe(false);
  });

  it('refuses other files, several JSON Lines files and a first line of neither format, naming the file', () => {
    const jsonl = fixture('one.jsonl', [{ kind: 'node' }]);
    expect(() => openBulkInput([path.join(dir, 'seed.yaml')], model)).toThrow(/Cannot bulk-import .*seed\.yaml: accepted are .*JSON Lines.*CSV/);
    expect(() => openBulkInput([jsonl, jsonl], model)).toThrow(/only CSV input can be several files/);
    expect(() => openBulkInput([fixture('other.ndjson', [{ id: 1 }])], model)).toThrow(/Cannot tell the format of .*other\.ndjson/);
    expect(() => openBulkInput([path.join(dir, 'missing.csv')], model)).toThrow(/ENOENT/);
  });

  it('tells the format of a file whose first line is malformed by how it starts', () => {
    expect(openBulkInput([fixture('bad-apoc.jsonl', ['{"type":"node","id":'])], model).format).toBe('apoc-jsonl');
    expect(openBulkInput([fixture('bad-eco.jsonl', ['', '{"kind":"node",'])], model).format).toBe('ecograph-jsonl');
  });
});
