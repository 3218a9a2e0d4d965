import { foldWord, luceneQuery, search } from '../../src/graph/queries/search';
import { importSeeds } from '../../src/importer/import-seeds';
import { seedsDir } from '../../src/paths';
import { createRequestContext } from '../../src/request/context';
import { testConnection, testDriver, testModel } from '../support/database';

describe('search', () => {
  it('folds the start of a word as the index folds whole words: lower case, ASCII', () => {
    expect(foldWord('Västerbott')).toBe('vasterbott');
    expect(foldWord('Øre')).toBe('ore');
    expect(foldWord('Straße')).toBe('strasse');
    expect(luceneQuery('Umeå Univ')).toBe('(Umeå OR umea*) AND (Univ OR univ*)');
    expect(luceneQuery('a AND (b)')).toBe('(a OR a*) AND (and OR and*) AND (b OR b*)');
  });

  describe('against the seed graph', () => {
    const driver = testDriver();
    const { database } = testConnection();
    beforeAll(() => importSeeds({ driver, database, model: testModel() }, [seedsDir]));
    afterAll(() => driver.close());

    it.each(['Västerbott', 'västerbott', 'VASTERBOTT', 'Region Väst'])('finds Region Västerbotten from the start of its name typed as "%s"', async (text) => {
      const hits = await search({ text, limit: 20 }, createRequestContext(driver, database));
      expect(hits.map((h) => (h.entity as { key: string }).key)).toContain('region:vasterbotten');
    });
  });
});
