import type { EagerResult, Integer } from 'neo4j-driver';
import { applyConstraints, constraintStatements } from '../../src/graph/constraints';
import { testConnection, testDriver, testModel } from '../support/database';

describe('constraints from the model', () => {
  const model = testModel();

  it('makes keys unique for every node type, and across all types through the shared Entity label', () => {
    const keyed = model.nodeTypes.filter((t) => t.fields.includes('key'));
    expect(keyed.length).toBeGreaterThan(0);
    const statements = constraintStatements(model);
    for (const label of [...keyed.map((t) => t.labels[0]), 'Entity']) {
      expect(statements).toContainEqual(expect.stringContaining(`FOR (n:\`${label}\`) REQUIRE n.key IS UNIQUE`));
    }
    expect(new Set(statements).size).toBe(statements.length);
  });

  it('applies them idempotently, and Neo4j then refuses a duplicate key', async () => {
    const driver = testDriver();
    const { database } = testConnection();
    const count = async () =>
      (await driver.executeQuery<EagerResult<{ n: Integer }>>('SHOW CONSTRAINTS YIELD name RETURN count(*) AS n', {}, { database })).records[0]
        ?.get('n')
        .toNumber();
    try {
      await applyConstraints(driver, database, model);
      const before = await count();
      await applyConstraints(driver, database, model);
      expect(await count()).toBe(before);

      const label = model.nodeTypes.find((t) => t.fields.includes('key'))!.labels[0]!;
      const key = `test:duplicate-${process.pid}`;
      await driver.executeQuery(`CREATE (:\`${label}\` {key: $key})`, { key }, { database });
      await expect(driver.executeQuery(`CREATE (:\`${label}\` {key: $key})`, { key }, { database })).rejects.toThrow(/already exists/);
      await driver.executeQuery(`MATCH (n:\`${label}\` {key: $key}) DELETE n`, { key }, { database });
    } finally {
      await driver.close();
    }
  });
});
