import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../../src/paths';

/** What the tests read of docker-compose.yml. */
interface Compose {
  services: {
    neo4j: { image: string; environment: { NEO4J_PLUGINS: string; NEO4J_AUTH: string }; healthcheck: { test: string[] }; ports: string[] };
    ecograph: { build: string; environment: { NEO4J_URI: string; HOST: string }; depends_on: { neo4j: { condition: string } } };
  };
}

const composeFile = path.join(packageRoot, 'docker-compose.yml');
const compose = parse(fs.readFileSync(composeFile, 'utf8')) as Compose;
const hasComposePlugin = spawnSync('docker', ['compose', 'version']).status === 0;

describe('docker-compose.yml', () => {
  it('runs Neo4j 5.26 Community with APOC and a health check, on loopback', () => {
    const neo4j = compose.services.neo4j;
    expect(neo4j.image).toMatch(/^neo4j:5\.26(\.\d+)?-community$/);
    expect(JSON.parse(neo4j.environment.NEO4J_PLUGINS) as unknown).toContain('apoc');
    expect(neo4j.environment.NEO4J_AUTH).toMatch(/^neo4j\/\$\{NEO4J_PASSWORD:\?/);
    expect(neo4j.healthcheck.test.join(' ')).toContain('cypher-shell');
    expect(neo4j.ports).toEqual(['127.0.0.1:7687:7687']);
  });

  it('builds ecograph from the Dockerfile and wires it to Neo4j through NEO4J_URI once Neo4j is healthy', () => {
    const ecograph = compose.services.ecograph;
    expect(ecograph.build).toBe('.');
    expect(fs.existsSync(path.join(packageRoot, 'Dockerfile'))).toBe(true);
    expect(ecograph.environment.NEO4J_URI).toBe('bolt://neo4j:7687');
    expect(ecograph.environment.HOST).toBe('0.0.0.0');
    expect(ecograph.depends_on.neo4j.condition).toBe('service_healthy');
  });

  (hasComposePlugin ? it : it.skip)('is valid for `docker compose config`', () => {
    const run = spawnSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], {
      env: { ...process.env, NEO4J_PASSWORD: 'example-password' },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
