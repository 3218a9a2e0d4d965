import { BulkValidationError } from '../../../src/errors';
import type { ReadItem } from '../../../src/importer/bulk/records';
import { validateBulkInput } from '../../../src/importer/bulk/validate';
import { seedValidators } from '../../../src/importer/store';
import { loadModel } from '../../../src/schema-files';

const model = loadModel();
const validators = seedValidators(model);
const FILE = 'input.jsonl';

/** A reader over records given in order (lines 1, 2, …) that counts how often it is read. */
function readerOf(records: Omit<ReadItem, 'at'>[]) {
  const reader = {
    passes: 0,
    async *[Symbol.asyncIterator]() {
      reader.passes++;
      for (const [i, record] of records.entries()) yield await Promise.resolve({ ...record, at: { file: FILE, line: i + 1 } } as ReadItem);
    },
  };
  return reader;
}

const source = { kind: 'node', type: 'Source', key: 'source:v', fields: { kind: 'OTHER', title: 'Validation test' }, sources: [] } as const;
const org = (key: string) => ({ kind: 'node', type: 'Organization', key, fields: { name: key, kind: 'COMPANY' }, sources: ['source:v'] }) as const;
const project = (key: string) => ({ kind: 'node', type: 'Project', key, fields: { name: key }, sources: ['source:v'] }) as const;
const participates = (from: string, to: string) => ({ kind: 'relationship', type: 'PARTICIPATES_IN', from, to, fields: {}, sources: ['source:v'] }) as const;

// An empty database: the input alone declares every key.
const noneStored = () => Promise.resolve(new Map<string, string>());
const validate = (reader: ReturnType<typeof readerOf>) =>
  validateBulkInput(reader, model, { bulk: validators.batch, seed: validators.seed }, noneStored, { databaseHasEntities: false });

async function problemsOf(run: Promise<unknown>) {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BulkValidationError);
  return (error as BulkValidationError).problems.map((p) => `${p.line}: ${p.message}`);
}

describe('bulk input validation', () => {
  it('reads an input whose nodes all come first once, checking every record on the way', async () => {
    const reader = readerOf([source, org('org:a'), project('project:p'), participates('org:a', 'project:p')]);
    const summary = await validate(reader);
    expect(reader.passes).toBe(1);
    expect(summary).toMatchObject({ entities: 2, relationships: 1, nodesFirst: true });

    const bad = readerOf([source, org('org:a'), project('project:p'), participates('org:a', 'project:missing'), participates('project:p', 'org:a')]);
    const problems = await problemsOf(validate(bad));
    expect(bad.passes).toBe(1);
    expect(problems).toEqual([expect.stringMatching(/^4: .*project:missing is declared neither/), expect.stringMatching(/^5: .*PARTICIPATES_IN/)]);
  });

  it('reads it again when a node follows a relationship: a key declared further on is no problem, every record is checked, none twice', async () => {
    const reader = readerOf([source, participates('org:a', 'project:p'), org('org:a'), project('project:p')]);
    const summary = await validate(reader);
    expect(reader.passes).toBe(2);
    expect(summary).toMatchObject({ entities: 2, relationships: 1, nodesFirst: false });

    const undated = { ...project('project:p'), fields: { name: 'P', start: '2021-02-30' } };
    const bad = readerOf([source, org('org:a'), participates('org:a', 'project:p'), participates('org:a', 'org:a'), undated, org('org:a')]);
    const problems = await problemsOf(validate(bad));
    expect(bad.passes).toBe(2);
    expect(problems[0]).toMatch(/^6: duplicate key org:a: already declared at input\.jsonl:2/);
    expect(problems.slice(1).sort()).toEqual([expect.stringMatching(/^4: .*PARTICIPATES_IN/), expect.stringMatching(/^5: .*not a real date/)]);
  });
});
