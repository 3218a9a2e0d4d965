import { fnv1a } from '../../../src/importer/bulk/hash';
import { KeyTable } from '../../../src/importer/bulk/key-table';

describe('KeyTable', () => {
  it('finds every key it was given, with its line and tag, through many growths, and no other key', () => {
    const table = new KeyTable();
    const oracle = new Map<string, { line: number; tag: number }>();
    const keyOf = (i: number) =>
      i % 7 === 0 ? `organisation:göteborgs-universitet-${i}` : i % 11 === 0 ? `project:${'x'.repeat(i % 2000)}-${i}` : `person:gen-${i}`;
    const wrong: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      const key = keyOf(i);
      if (table.find(key) !== -1) wrong.push(`${key} found before it was added`);
      if (table.add(key, i + 1, i % 0x10000) !== i) wrong.push(`${key} is not entry ${i}`);
      oracle.set(key, { line: i + 1, tag: i % 0x10000 });
    }
    expect(table.size).toBe(oracle.size);
    for (const [key, { line, tag }] of oracle) {
      // A copy of the key, as a reader would make it: no string the table has seen.
      const entry = table.find(JSON.parse(JSON.stringify(key)) as string);
      if (entry < 0 || table.line(entry) !== line || table.tag(entry) !== tag) wrong.push(`${key}: entry ${entry}`);
    }
    expect(wrong).toEqual([]);
    for (const absent of ['person:gen-60000', 'person:gen-', '', 'organisation:goteborgs-universitet-7', 'Person:gen-1']) expect(table.find(absent)).toBe(-1);
  });

  it('tells apart keys whose hashes are equal', () => {
    // Found by searching org:k0, org:k1, … for the first two with one FNV-1a hash.
    const pair = ['org:k36601', 'org:k914400'] as const;
    expect(fnv1a(pair[0])).toBe(fnv1a(pair[1]));
    const table = new KeyTable();
    table.add(pair[0], 1, 10);
    expect(table.find(pair[1])).toBe(-1);
    table.add(pair[1], 2, 20);
    expect(table.tag(table.find(pair[0]))).toBe(10);
    expect(table.tag(table.find(pair[1]))).toBe(20);
  });

  it('changes a tag and keeps the key findable', () => {
    const table = new KeyTable();
    const entry = table.add('region:norrbotten', 7, 3);
    table.setTag(entry, 3 + 32);
    expect(table.find('region:norrbotten')).toBe(entry);
    expect([table.tag(entry), table.line(entry)]).toEqual([35, 7]);
  });

  it('refuses a key over 64 KiB of UTF-8', () => {
    expect(() => new KeyTable().add(`org:${'å'.repeat(40_000)}`, 1, 0)).toThrow(/keys are at most 65535 bytes/);
  });
});
