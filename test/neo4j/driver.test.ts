import type { EagerResult, Integer } from 'neo4j-driver';
import { createDriver, databaseAnswers } from '../../src/neo4j/driver';
import { testConnection } from '../support/database';

describe('driver', () => {
  it('reaches the single server through a neo4j:// (routing) URI', async () => {
    const connection = testConnection();
    const routed = createDriver({ ...connection, uri: connection.uri.replace(/^bolt/, 'neo4j') });
    try {
      expect(routed.isEncrypted()).toBe(false);
      const result = await routed.executeQuery<EagerResult<{ answer: Integer }>>('RETURN 40 + 2 AS answer', {}, { database: connection.database });
      expect(result.records[0]?.get('answer').toNumber()).toBe(42);
      const reader = await routed.executeQuery('RETURN 1 AS one', {}, { database: connection.database, routing: 'READ' });
      expect(reader.records).toHaveLength(1);
    } finally {
      await routed.close();
    }
  });

  it('says the database does not answer when nothing listens', async () => {
    const nowhere = createDriver({ ...testConnection(), uri: 'bolt://127.0.0.1:1' });
    try {
      expect(await databaseAnswers(nowhere, 'neo4j', 1_000)).toBe(false);
    } finally {
      await nowhere.close();
    }
  });

  it('says it does when the password is right, and not when it is wrong', async () => {
    const connection = testConnection();
    const good = createDriver(connection);
    const bad = createDriver({ ...connection, password: 'wrong-password' });
    try {
      expect(await databaseAnswers(good, connection.database)).toBe(true);
      expect(await databaseAnswers(bad, connection.database)).toBe(false);
    } finally {
      await good.close();
      await bad.close();
    }
  });
});
