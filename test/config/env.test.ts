import path from 'node:path';
import { loadConfig } from '../../src/config/env';
import { ConfigError } from '../../src/errors';

const cwd = '/srv/ecograph';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to a managed Neo4j and loopback HTTP on port 4000', () => {
    const config = loadConfig({}, cwd);
    expect(config.http).toEqual({ host: '127.0.0.1', port: 4000, maxBodyBytes: 256 * 1024, corsOrigins: [] });
    expect(config.neo4j).toMatchObject({ mode: 'managed', boltPort: 7687, database: 'neo4j', heapSize: '2g' });
    expect(config.dataDir).toBe(path.join(cwd, 'data'));
    expect(config.logFormat).toBe('auto');
  });

  it('reads LOG_FORMAT: pretty or json override the terminal check', () => {
    expect(loadConfig({ LOG_FORMAT: 'json' }, cwd).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, cwd).logFormat).toBe('pretty');
  });

  it('uses an external Neo4j when NEO4J_URI is set', () => {
    const config = loadConfig({ NEO4J_URI: 'neo4j+s://abcd1234.databases.neo4j.io', NEO4J_PASSWORD: 'pw', NEO4J_DATABASE: 'graph' }, cwd);
    expect(config.neo4j).toEqual({
      mode: 'external',
      uri: 'neo4j+s://abcd1234.databases.neo4j.io',
      username: 'neo4j',
      password: 'pw',
      database: 'graph',
    });
  });

  it.each(['bolt://localhost:7687', 'neo4j://10.0.0.5:7687', 'bolt+ssc://db.example.org', 'neo4j+s://db.example.org:7687'])('accepts the URI %s', (uri) => {
    expect(loadConfig({ NEO4J_URI: uri, NEO4J_PASSWORD: 'x' }, cwd).neo4j.mode).toBe('external');
  });

  it.each([
    ['PORT', 'abc', 'whole number from 0 to 65535'],
    ['PORT', '70000', 'whole number from 0 to 65535'],
    ['PORT', '40.5', 'whole number from 0 to 65535'],
    ['NEO4J_BOLT_PORT', '-1', 'whole number from 0 to 65535'],
    ['NEO4J_URI', 'http://localhost:7474', 'expected bolt://host:port, neo4j://host:port'],
    ['NEO4J_URI', 'localhost:7687', 'expected bolt://host:port'],
    ['NEO4J_HEAP_SIZE', 'lots', 'expected a size such as 512m or 2g'],
    ['NEO4J_PAGECACHE_SIZE', '2 GB', 'expected a size such as 512m or 2g'],
    ['NEO4J_DATABASE', 'My_Graph', 'expected a Neo4j database name'],
    ['NEO4J_START_TIMEOUT_MS', '10', 'expected at least 1000 ms'],
    ['LOG_LEVEL', 'loud', 'expected one of fatal, error, warn, info'],
    ['LOG_FORMAT', 'colour', 'expected one of auto, pretty, json'],
    ['AUTH_JWT_SECRET', 'short', 'at least 32 characters'],
    ['AUTH_JWKS_URL', 'http://keys.example.org/jwks.json', 'expected an https:// URL'],
    ['AUTH_REQUIRE_FOR_READ', 'yes', 'expected true or false'],
    ['GRAPHQL_MAX_DEPTH', '0', 'whole number from 1 to 100'],
    ['HTTP_MAX_BODY_BYTES', 'big', 'whole number from 1024'],
    ['CORS_ORIGINS', 'example.org', 'comma-separated list of origins'],
  ])('rejects %s=%s naming the variable, the value and the expected form', (name, value, expected) => {
    const env: Record<string, string> = { [name]: value };
    if (name === 'NEO4J_URI') env.NEO4J_PASSWORD = 'x';
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`${name}=${JSON.stringify(value)}`);
    expect(problems[0]).toContain(expected);
  });

  it('reports every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', NEO4J_HEAP_SIZE: '?' });
    expect(problems.map((p) => p.split('=')[0]).sort()).toEqual(['LOG_LEVEL', 'NEO4J_HEAP_SIZE', 'PORT']);
  });

  it('requires NEO4J_PASSWORD with NEO4J_URI', () => {
    expect(problemsOf({ NEO4J_URI: 'bolt://localhost:7687' })).toEqual(['NEO4J_PASSWORD: required when NEO4J_URI is set (the password of NEO4J_USERNAME)']);
  });

  it('reads the security settings, with safe defaults', () => {
    const config = loadConfig({}, cwd);
    expect(config.auth).toEqual({ rolesClaim: 'roles', requireForRead: false });
    expect(config.limits).toMatchObject({ maxDepth: 12, introspection: true, queryTimeoutMs: 10_000 });
    expect(config.http.corsOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production' }, cwd).limits.introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }, cwd).limits.introspection).toBe(true);
    const cors = loadConfig({ CORS_ORIGINS: 'https://dash.example.org, http://localhost:3000' }, cwd);
    expect(cors.http.corsOrigins).toEqual(['https://dash.example.org', 'http://localhost:3000']);
  });

  it('refuses a JWT secret and a JWKS URL together, and a required token with no way to check it', () => {
    const secret = 'x'.repeat(32);
    expect(problemsOf({ AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: 'https://id.example.org/jwks' })[0]).toContain('not both');
    expect(problemsOf({ AUTH_REQUIRE_FOR_READ: 'true' })[0]).toContain('needs AUTH_JWT_SECRET or AUTH_JWKS_URL');
  });

  it('treats an empty NEO4J_URI as unset', () => {
    expect(loadConfig({ NEO4J_URI: '  ' }, cwd).neo4j.mode).toBe('managed');
  });
});
