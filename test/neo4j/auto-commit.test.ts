import { type Driver, type ManagedTransaction, Neo4jError } from 'neo4j-driver';
import { autoCommitReads } from '../../src/neo4j/auto-commit';
import { createRequestContext } from '../../src/request/context';
import { testConnection, testDriver } from '../support/database';

// Neo4j runs `CALL { … } IN TRANSACTIONS` only in an auto-commit (implicit) transaction.
const ONLY_AUTO_COMMIT = 'CALL () { RETURN 1 AS one } IN TRANSACTIONS RETURN one';

describe('reads as auto-commit statements', () => {
  const { database } = testConnection();
  let driver: Driver;
  beforeAll(() => {
    driver = testDriver();
  });
  afterAll(async () => {
    await driver.close();
  });

  const readThrough = async <T>(access: Driver, work: (tx: ManagedTransaction) => Promise<T>) => {
    const session = access.session({ database, defaultAccessMode: 'READ' });
    try {
      return await session.executeRead(work);
    } finally {
      await session.close();
    }
  };

  it('runs each statement of a read in a transaction of its own, with no BEGIN or COMMIT', async () => {
    const reads = autoCommitReads(driver);
    const rows = await readThrough(reads, async (tx) => {
      const first = await tx.run(ONLY_AUTO_COMMIT);
      const second = await tx.run('RETURN 2 AS two');
      return [first.records[0]!.get('one'), second.records[0]!.get('two')].map(Number);
    });
    expect(rows).toEqual([1, 2]);
    // The same statement in the driver's managed transaction is refused: the test tells them apart.
    await expect(readThrough(driver, (tx) => tx.run(ONLY_AUTO_COMMIT))).rejects.toThrow(/implicit transaction/i);
  });

  it('is how a request reads: the generated queries and the curated ones', async () => {
    const { executionContext } = createRequestContext(driver, database);
    expect(Number((await readThrough(executionContext, (tx) => tx.run(ONLY_AUTO_COMMIT))).records[0]!.get('one'))).toBe(1);
  });

  it('runs a read that failed with a retryable error again as a managed transaction, and passes any other error on', async () => {
    const reads = autoCommitReads(driver);
    let calls = 0;
    const answer = await readThrough(reads, async (tx) => {
      calls += 1;
      if (calls === 1) throw new Neo4jError('the leader went away', 'Neo.TransientError.General.DatabaseUnavailable', '', '');
      return Number((await tx.run('RETURN 3 AS three')).records[0]!.get('three'));
    });
    expect({ answer, calls }).toEqual({ answer: 3, calls: 2 });

    let failing = 0;
    await expect(
      readThrough(reads, async (tx) => {
        failing += 1;
        return tx.run('RETURN 1/0 AS never');
      }),
    ).rejects.toThrow(/by zero/);
    expect(failing).toBe(1);
  });
});
