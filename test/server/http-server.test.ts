import { loadConfig } from '../../src/config/env';
import { createLogger } from '../../src/logging';
import { Neo4jProbe } from '../../src/neo4j/probe';
import { type RunningService, startService } from '../../src/service';
import { healthFeature } from '../../src/server/health';
import { Readiness } from '../../src/readiness';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EagerResult } from 'neo4j-driver';
import { testConnection, testDriver, testSchemaFiles } from '../support/database';
import type { GraphQLBody } from '../support/graphql-http-client';

async function graphql<TData = unknown>(url: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLBody<TData> };
}

/** A readiness whose preparation is done, as once the database was prepared. */
function preparedReadiness(): Readiness {
  const readiness = new Readiness(() => Promise.resolve(), createLogger('silent'));
  void readiness.start({ retry: false });
  return readiness;
}

describe('the service over HTTP', () => {
  let service: RunningService;
  const key = `org:test-http-${process.pid}`;

  beforeAll(async () => {
    service = await startService(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' }), testSchemaFiles(), createLogger('silent'));
    const driver = testDriver();
    await driver.executeQuery('MERGE (o:Organization:Entity {key: $key}) SET o.name = $name', { key, name: 'Umeå University' });
    await driver.close();
  });

  afterAll(async () => {
    const driver = testDriver();
    await driver.executeQuery('MATCH (o:Organization {key: $key}) DETACH DELETE o', { key });
    await driver.close();
    await service?.stop();
  });

  it('listens on loopback only', () => {
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers a GraphQL query end to end from Neo4j', async () => {
    const { status, body } = await graphql<{ organizations: { key: string; name: string }[] }>(
      service.url,
      'query ($key: ID!) { organizations(where: { key: { eq: $key } }) { key name } }',
      { key },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.organizations).toEqual([{ key, name: 'Umeå University' }]);
  });

  it('marks answers as not cacheable', async () => {
    const response = await fetch(`${service.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ organizations(limit: 1) { key } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('reports a bad query as a GraphQL error, not a server error', async () => {
    const { status, body } = await graphql(service.url, '{ organizations { noSuchField } }');
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toContain('noSuchField');
  });

  it('is live and ready while Neo4j answers', async () => {
    const live = await fetch(`${service.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', neo4j: 'up' });
  });

  it('applies the model’s key constraints', async () => {
    const driver = testDriver();
    try {
      const result = await driver.executeQuery<EagerResult<{ label: string; properties: string[] }>>(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties",
        {},
        { database: testConnection().database },
      );
      const rows = result.records.map((r) => `${r.get('label')}.${r.get('properties').join(',')}`);
      expect(rows).toContain('Organization.key');
    } finally {
      await driver.close();
    }
  });
});

describe('readiness', () => {
  it('is 503 while Neo4j does not answer', async () => {
    const probe = new Neo4jProbe({ ...testConnection(), uri: 'bolt://127.0.0.1:1' });
    const server = http
      .createServer(express().use(healthFeature({ answers: (withinMs) => probe.answers(withinMs), readiness: preparedReadiness() }).routes!))
      .listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', neo4j: 'down' });
    } finally {
      server.close();
      await probe.close();
    }
  });
});
