import { graphModel } from '../../src/graph/model';
import { readTypeDefs } from '../../src/schema-files';
import { createRequestContext, read } from '../../src/request/context';
import { buildGraphSchema } from '../../src/graph/schema';
import { createLogger } from '../../src/logging';
import { Readiness } from '../../src/readiness';
import { availabilityFeature } from '../../src/server/availability';
import { essentialFeatures } from '../../src/server/essentials';
import { type RunningHttpServer, startHttpServer } from '../../src/server/http-server';
import { testConnection, testDriver } from '../support/database';

// A request's database work is stopped at NEO4J_QUERY_TIMEOUT_MS, in generated and curated
// resolvers alike, and the caller gets a 504 saying so.

const SLOW = `
type Query {
  "Test only: a generated (@cypher) field that takes three seconds."
  slowGenerated: Int @cypher(statement: "CALL apoc.util.sleep(3000) RETURN 1 AS done", columnName: "done")
}`;

describe('the per-request transaction timeout', () => {
  const driver = testDriver();
  const { database } = testConnection();
  const TIMEOUT_MS = 500;
  let server: RunningHttpServer;

  beforeAll(async () => {
    const schema = await buildGraphSchema(driver, database, graphModel(`${readTypeDefs()}\n${SLOW}`));
    const readiness = new Readiness(() => Promise.resolve(), createLogger('silent'));
    await readiness.start({ retry: false });
    server = await startHttpServer({
      schema,
      host: '127.0.0.1',
      port: 0,
      features: [
        ...essentialFeatures({
          driver,
          database,
          queryTimeoutMs: TIMEOUT_MS,
          maxBodyBytes: 65536,
          requestTimeoutMs: 30_000,
          answers: () => Promise.resolve(true),
          debug: false,
        }),
        availabilityFeature(readiness),
      ],
      logger: createLogger('silent'),
    });
  });
  afterAll(async () => {
    await server?.close();
    await driver.close();
  });

  it('stops a generated query that runs too long and answers 504 QUERY_TIMEOUT', async () => {
    const started = Date.now();
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ slowGenerated }' }),
    });
    const elapsed = Date.now() - started;
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(response.status).toBe(504);
    expect(body.errors[0]).toMatchObject({
      message: `The query ran longer than the ${TIMEOUT_MS} ms allowed (NEO4J_QUERY_TIMEOUT_MS) and was stopped.`,
      extensions: { code: 'QUERY_TIMEOUT' },
    });
    expect(elapsed).toBeLessThan(2_500);
  });

  it('applies the same timeout to the curated queries’ reads', async () => {
    const context = createRequestContext(driver, database, { timeoutMs: TIMEOUT_MS });
    const started = Date.now();
    await expect(read(context, 'CALL apoc.util.sleep(3000) RETURN 1', {})).rejects.toThrow(/timed? ?out|terminated/i);
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});
