import fs from 'node:fs';
import { parse } from 'yaml';
import { importSeeds } from '../../src/importer/import-seeds';
import { SeedValidationError } from '../../src/errors';
import type { SeedProblem } from '../../src/importer/problems';
import { ECOSYSTEM_SEED, editedSeed, graphCounts, importerSuite, VINNOVA_SEED, writeFixture } from './support';

describe('refusing bad seed files before anything is written', () => {
  const context = importerSuite();
  beforeAll(async () => {
    await importSeeds(context, [ECOSYSTEM_SEED]);
  });

  /** Imports the file, expects a SeedValidationError, checks the graph is untouched, and returns the problems. */
  async function problemsOf(files: string[], options: { maxFileBytes?: number } = {}): Promise<SeedProblem[]> {
    const before = await graphCounts(context);
    const error = await importSeeds(context, files, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SeedValidationError);
    expect(await graphCounts(context)).toEqual(before);
    return (error as SeedValidationError).problems;
  }
  const vinnova = (name: string, edit: (text: string) => string) => editedSeed(context, VINNOVA_SEED, name, edit);

  it.each([
    ['malformed YAML', () => writeFixture(context, 'malformed.yaml', 'formatVersion: 1\nsource:\n  key: [unclosed\n'), { line: 4, message: /malformed YAML/ }],
    ['malformed JSON', () => writeFixture(context, 'malformed.json', '{\n  "formatVersion": 1,\n  "source": {},\n}\n'), { line: 4, message: /malformed JSON/ }],
    [
      'unknown entity type',
      () => vinnova('unknown-type.yaml', (t) => t.replace('type: Organization\n    name: Vinnova', 'type: Agency\n    name: Vinnova')),
      { line: 90, path: 'entities[4].type', subject: 'org:vinnova', message: /unknown entity type "Agency"/ },
    ],
    [
      'unknown relationship type',
      () => vinnova('unknown-relationship.yaml', (t) => t.replace('  - type: FUNDED_BY', '  - type: PAID_BY')),
      { line: 203, path: 'relationships[1].type', message: /unknown relationship type "PAID_BY"/ },
    ],
    [
      'missing key reference',
      () => vinnova('missing-key.yaml', (t) => t.replace('to: org:vinnova\n    amount', 'to: org:nowhere\n    amount')),
      { line: 205, path: 'relationships[1].to', message: /org:nowhere is declared neither in this file, nor in another file of this run, nor in the database/ },
    ],
    [
      'relationship between types the model does not allow',
      () => vinnova('wrong-endpoints.yaml', (t) => t.replace('to: org:vinnova\n    amount', 'to: region:uppsala\n    amount')),
      { path: 'relationships[1]', message: /FUNDED_BY cannot go from a Project to a Region; the model allows Project → Organization/ },
    ],
    [
      'duplicate key',
      () =>
        vinnova('duplicate-key.yaml', (t) =>
          t.replace(
            '  - key: org:vinnova\n',
            '  - key: org:swedish-medtech-service\n    type: Organization\n    name: Twice\n    kind: COMPANY\n\n  - key: org:vinnova\n',
          ),
        ),
      { line: 89, path: 'entities[4].key', message: /duplicate key org:swedish-medtech-service: already declared at entities\[3\] \(line 83\)/ },
    ],
    [
      'wrong value type',
      () => vinnova('wrong-type.yaml', (t) => t.replace('amount: 5959037', 'amount: "SEK 5 959 037"')),
      { line: 206, path: 'relationships[1].amount', message: /expected number, found string "SEK 5 959 037"/ },
    ],
    [
      'negative amount',
      () => vinnova('negative.yaml', (t) => t.replace('amount: 5959037', 'amount: -5959037')),
      { line: 206, path: 'relationships[1].amount', message: /-5959037 is below the minimum 0/ },
    ],
    [
      'impossible date',
      () => vinnova('impossible-date.yaml', (t) => t.replace('end: "2021-12"', 'end: "2021-02-30"')),
      { line: 30, path: 'entities[0].end', subject: 'project:innovation-accelerators-2017-02464', message: /"2021-02-30" is not a real date/ },
    ],
    [
      'end before start',
      () => vinnova('end-before-start.yaml', (t) => t.replace('end: "2021-12"', 'end: "2016"')),
      { line: 30, path: 'entities[0].end', message: /end "2016" is before start "2017-06"/ },
    ],
    [
      'empty name',
      () => vinnova('empty-name.yaml', (t) => t.replace('name: Co-sharing', 'name: "  "')),
      { line: 62, path: 'entities[1].name', subject: 'project:innovation-accelerators-2017-02464:co-sharing', message: /must not be empty/ },
    ],
  ])('%s: names the file, line and path', async (_name, makeFile, expected) => {
    const file = makeFile();
    const problems = await problemsOf([file]);
    expect(problems).toContainEqual(expect.objectContaining({ file, ...expected, message: expect.stringMatching(expected.message) as unknown }));
  });

  describe('JSON seed files (parsed as JSON, lines found only for problems)', () => {
    /** The Vinnova seed as JSON, edited; and the line of the first text matching `marker`. */
    const vinnovaJson = (name: string, edit: (text: string) => string) => {
      const text = edit(JSON.stringify(parse(fs.readFileSync(VINNOVA_SEED, 'utf8')), null, 2));
      return { file: writeFixture(context, name, text), lineOf: (marker: string) => text.split('\n').findIndex((l) => l.includes(marker)) + 1 };
    };

    it('names the line of a bad value, as for YAML', async () => {
      const { file, lineOf } = vinnovaJson('impossible-date.json', (t) =>
        t.replace('"end": "2021-12"', '"end": "2021-02-30"').replace('"amount": 5959037', '"amount": -5959037'),
      );
      const problems = await problemsOf([file]);
      expect(problems).toEqual([
        expect.objectContaining({ file, path: 'entities[0].end', line: lineOf('"2021-02-30"'), message: expect.stringMatching(/not a real date/) as unknown }),
        expect.objectContaining({
          file,
          path: 'relationships[1].amount',
          line: lineOf('-5959037'),
          message: expect.stringMatching(/below the minimum 0/) as unknown,
        }),
      ]);
      expect(lineOf('"2021-02-30"')).toBeGreaterThan(1);
    });

    it('refuses a key written twice in one object, which JSON.parse would let pass', async () => {
      const { file, lineOf } = vinnovaJson('twice.json', (t) => t.replace('"name": "Co-sharing"', '"name": "Co-sharing",\n      "name": "Sharing"'));
      const problems = await problemsOf([file]);
      expect(problems).toEqual([
        expect.objectContaining({ file, line: lineOf('"Sharing"'), message: 'malformed JSON: key "name" written twice in one object' }),
      ]);
    });
  });

  it('oversized file: refused before it is read', async () => {
    const file = writeFixture(context, 'big.yaml', fs.readFileSync(VINNOVA_SEED, 'utf8'));
    const problems = await problemsOf([file], { maxFileBytes: 1024 });
    expect(problems).toEqual([expect.objectContaining({ file, message: expect.stringMatching(/over the limit of 1024 bytes/) as unknown })]);
  });

  it('reports every problem of a file at once', async () => {
    const file = vinnova('many.yaml', (t) =>
      t.replace('amount: 5959037', 'amount: -1').replace('end: "2021-12"', 'end: "2021-13"').replace('name: Co-sharing', 'name: ""'),
    );
    const problems = await problemsOf([file]);
    expect(problems.map((p) => p.path)).toEqual(['entities[0].end', 'entities[1].name', 'relationships[1].amount']);
    expect(new SeedValidationError(problems).message).toContain(
      `${file}:30: entities[0].end (project:innovation-accelerators-2017-02464): "2021-13" is not a date`,
    );
  });

  it('a multi-file run with a bad second file writes nothing at all', async () => {
    const bad = vinnova('bad-second.yaml', (t) => t.replace('amount: 5959037', 'amount: -1'));
    const problems = await problemsOf([ECOSYSTEM_SEED, bad]);
    expect(problems.every((p) => p.file === bad)).toBe(true);
  });
});
