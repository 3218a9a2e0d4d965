import { loadConfig } from '../../src/config/env';
import { importSeeds } from '../../src/importer/import-seeds';
import { createLogger } from '../../src/logging';
import { type RunningService, startService } from '../../src/service';
import { ECOSYSTEM_SEED, VINNOVA_SEED } from '../importer/support';
import { testConnection, testDriver, testModel, testSchemaFiles } from '../support/database';
import { signToken, TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET } from '../support/tokens';

const QUERY = { query: 'query Names($limit: Int) { organizations(limit: $limit, sort: [{ key: ASC }]) { key name } }', variables: { limit: 500 } };

async function post(url: string, body: unknown, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    age: response.headers.get('age'),
    body: (await response.json()) as { data?: { organizations: { key: string }[] }; errors?: unknown[] },
  };
}

async function cacheCounts(url: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const count = (result: string) => Number(new RegExp(`^ecograph_response_cache_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss') };
}

describe('the response cache', () => {
  const driver = testDriver();
  const store = { driver, database: testConnection().database, model: testModel() };
  let service: RunningService;

  beforeAll(async () => {
    await driver.executeQuery('MATCH (n) DETACH DELETE n', {}, { database: store.database });
    await importSeeds(store, [ECOSYSTEM_SEED]);
    const config = loadConfig({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH_JWT_SECRET: TEST_SECRET,
      AUTH_ISSUER: TEST_ISSUER,
      AUTH_AUDIENCE: TEST_AUDIENCE,
    });
    service = await startService(config, testSchemaFiles(), createLogger('silent'));
  });
  afterAll(async () => {
    await service?.stop();
    await driver.close();
  });

  it('answers a repeated query from memory until a write, then from the graph as written', async () => {
    const start = await cacheCounts(service.url);
    const first = await post(service.url, QUERY);
    const again = await post(service.url, QUERY);
    expect(again.body).toEqual(first.body);
    expect(again.age).not.toBeNull();
    expect(await cacheCounts(service.url)).toEqual({ hit: start.hit + 1, miss: start.miss + 1 });

    // Other variables are another answer.
    const fewer = await post(service.url, { ...QUERY, variables: { limit: 1 } });
    expect(fewer.body.data?.organizations).toHaveLength(1);

    // A write through ecograph (here an import; a mutation the same) bumps the generation: the next answer is read afresh.
    await importSeeds(store, [VINNOVA_SEED]);
    const after = await post(service.url, QUERY);
    expect(after.age).toBeNull();
    expect(after.body.data!.organizations.length).toBeGreaterThan(first.body.data!.organizations.length);
    expect(await cacheCounts(service.url)).toEqual({ hit: start.hit + 1, miss: start.miss + 3 });
  });

  it('keeps answers apart by the caller’s roles, and keeps no answer with errors', async () => {
    const start = await cacheCounts(service.url);
    const reader = await signToken({ roles: ['reader'] });
    const query = { ...QUERY, variables: { limit: 400 } };
    expect((await post(service.url, query)).age).toBeNull();
    expect((await post(service.url, query, reader)).age).toBeNull();
    expect((await post(service.url, query, reader)).age).not.toBeNull();
    expect(await cacheCounts(service.url)).toEqual({ hit: start.hit + 1, miss: start.miss + 2 });

    const failing = { query: 'query Bad { collaborationNetwork(around: "org:no-such", hops: 1) { totalEdges } }' };
    const once = await post(service.url, failing);
    const twice = await post(service.url, failing);
    expect(twice.age).toBeNull();
    expect(once.body.errors).toHaveLength(1);
    expect(twice.body.errors).toHaveLength(1);
  });

  it('is off with RESPONSE_CACHE_MB=0: no answer kept, none counted', async () => {
    const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', RESPONSE_CACHE_MB: '0' });
    const uncached = await startService(config, testSchemaFiles(), createLogger('silent'));
    try {
      await post(uncached.url, QUERY);
      expect((await post(uncached.url, QUERY)).age).toBeNull();
      expect(await cacheCounts(uncached.url)).toEqual({ hit: 0, miss: 0 });
    } finally {
      await uncached.stop();
    }
  });
});
