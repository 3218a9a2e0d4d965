import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/logging';
import { type RunningService, startService } from '../../src/service';
import { testSchemaFiles } from '../support/database';

/** A log destination the test can read. */
function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('observability', () => {
  let service: RunningService;
  const logs = captureLogs();
  const SECRET = 'x'.repeat(40);

  beforeAll(async () => {
    const config = loadConfig({ ...process.env, PORT: '0', CORS_ORIGINS: 'https://dash.example.org', AUTH_JWT_SECRET: SECRET });
    service = await startService(config, testSchemaFiles(), createLogger('info', logs.stream));
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('logs each request and GraphQL operation as JSON under one request id, echoed to the caller', async () => {
    const response = await post(service.url, { query: 'query CountryNames { countries { name } }' }, { 'x-request-id': 'req-abc.123' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-abc.123');

    const operation = logs.lines.find((l) => l.msg === 'graphql operation' && l.operationName === 'CountryNames');
    expect(operation).toMatchObject({ operationType: 'query', errorCodes: [] });
    expect((operation!.req as { id: string }).id).toBe('req-abc.123');
    const request = logs.lines.find((l) => l.msg === 'request completed' && (l.req as { id: string }).id === 'req-abc.123');
    expect(request).toMatchObject({ req: { method: 'POST', path: '/graphql' }, res: { statusCode: 200 } });

    const generated = await post(service.url, { query: '{ __typename }' }, { 'x-request-id': 'not a valid id!' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs a token or a password', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJlLXRoYXQtaXMtd3Jvbmc';
    const response = await post(service.url, { query: '{ __typename }' }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    const text = JSON.stringify(logs.lines);
    expect(text).not.toContain(token.split('.')[1]);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(String(process.env.NEO4J_PASSWORD));
  });

  it('exposes Prometheus metrics: requests, latency, errors by code, the driver pool, readiness', async () => {
    await post(service.url, { query: '{ noSuchField }' });
    const response = await fetch(`${service.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/ecograph_http_requests_total\{method="POST",route="\/graphql",status="200"\} [1-9]/);
    expect(text).toMatch(/ecograph_http_request_duration_seconds_bucket\{le="0.1",method="POST",route="\/graphql"\} \d+/);
    expect(text).toMatch(/ecograph_graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} [1-9]/);
    expect(text).toMatch(/ecograph_graphql_operations_total\{type="query"\} [1-9]/);
    expect(text).toMatch(/ecograph_neo4j_pool_connections\{state="idle"\} [1-9]/);
    expect(text).toMatch(/ecograph_neo4j_pool_connections\{state="in_use"\} \d+/);
    expect(text).toMatch(/^ecograph_neo4j_ready 1$/m);
    expect(text).toContain('ecograph_process_resident_memory_bytes');
  });

  it('lets only allowed origins call the API from a browser (CORS)', async () => {
    const preflight = (origin: string) =>
      fetch(`${service.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
    const allowed = await preflight('https://dash.example.org');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dash.example.org');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');

    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await post(service.url, { query: '{ __typename }' }, { origin: 'https://evil.example.com' });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CSRF prevention on: a GET query without a preflight header is refused', async () => {
    const response = await fetch(`${service.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('Cross-Site Request Forgery');
  });
});
