import { hashOf, KeyTable } from '../../../src/importer/bulk/key-table';

describe('KeyTable', () => {
  it('finds every key it was given, with its line and tag, through many growths, and no other key', () => {
    const table = new KeyTable();
    const oracle = new Map<string, { line: number; tag: number }>();
    const keyOf = (i: number) => (i % 7 === 0 ? `organisation:göteborgs-universitet-${i}` : i % 11 === 0 ? `project:${'x'.repeat(i % 2000)}-${i}` : `person:gen-${i}`);
    for (let i = 0; i < 60_000; i++) {
      const key = keyOf(i);
      expect(table.find(key)).toBe(-1);
      const entry = table.add(key, i + 1, i % 0x10000);
      oracle.set(key, { line: i + 1, tag: i % 0x10000 });
      expect(entry).toBe(i);
    }
    expect(table.size).toBe(oracle.size);
    for (const [key, { line, tag }] of oracle) {
      const entry = table.find(key);
      expect(entry).toBeGreaterThanOrEqual(0);
      expect([table.line(entry), table.tag(entry)]).toEqual([line, tag]);
    }
    for (const absent of ['person:gen-60000', 'person:gen-', '', 'organisation:goteborgs-universitet-7', 'Person:gen-1']) expect(table.find(absent)).toBe(-1);
  });

  it('tells apart keys whose hashes are equal', () => {
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const key = `org:k${i}`;
      const other = seen.get(hashOf(key));
      if (other !== undefined) pair = [other, key];
      seen.set(hashOf(key), key);
    }
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
