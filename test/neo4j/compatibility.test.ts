import { isSupportedNeo4jVersion, verifyNeo4jServer } from '../../src/neo4j/compatibility';
import { testConnection, testDriver } from '../support/database';

describe('Neo4j compatibility', () => {
  it.each([
    ['5.26.0', true],
    ['5.26.19', true],
    ['5.27.0', true],
    ['2025.01.0', true],
    ['5.25.1', false],
    ['4.4.30', false],
    ['unknown', false],
  ])('version %s supported: %s', (version, supported) => {
    expect(isSupportedNeo4jVersion(version)).toBe(supported);
  });

  it('reports the real server: Neo4j 5.26+ with APOC', async () => {
    const driver = testDriver();
    try {
      const info = await verifyNeo4jServer(driver, testConnection().database);
      expect(isSupportedNeo4jVersion(info.version)).toBe(true);
      expect(info.apocVersion).toMatch(/^\d+\.\d+/);
    } finally {
      await driver.close();
    }
  });
});
