import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request } from 'express';
import {
  getNamedType,
  graphql as execute,
  type GraphQLField,
  GraphQLEnumType,
  type GraphQLInputType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLSchema,
  isLeafType,
} from 'graphql';
import { exportJWK, generateKeyPair } from 'jose';
import type { Driver, EagerResult, Integer } from 'neo4j-driver';
import type { AuthConfig } from '../../src/config/env';
import { applyConstraints } from '../../src/graph/constraints';
import { graphModel } from '../../src/graph/model';
import { readTypeDefs } from '../../src/schema-files';
import { createRequestContext } from '../../src/request/context';
import { buildGraphSchema } from '../../src/graph/schema';
import { createLogger } from '../../src/logging';
import { authFeature, effectiveRoles, rolesFromClaims } from '../../src/server/auth';
import { essentialFeatures } from '../../src/server/essentials';
import { type RunningHttpServer, startHttpServer } from '../../src/server/http-server';
import { testConnection, testDriver, testModel } from '../support/database';
import { signToken, TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET, unsignedToken } from '../support/tokens';

/**
 * Test-only additions: @cypher fields at the root (a query and a mutation) and on a type, which
 * in @neo4j/graphql ≤ 7.6.3 schema-level @authentication did not reach; the request-level rule does.
 */
const CYPHER_FRAGMENT = `
extend type Query {
  authTestEntityCount: Int! @cypher(statement: "MATCH (n:Entity) RETURN count(n) AS c", columnName: "c")
}
type Mutation {
  authTestTouch(key: ID!): Int! @cypher(statement: "MERGE (m:AuthTestMarker {key: $key}) RETURN 1 AS c", columnName: "c")
}
extend type Organization {
  authTestShout: String @cypher(statement: "RETURN toUpper(this.name) AS s", columnName: "s")
}
`;

const NO_MATCH = 'auth-test:no-such-key';

type TokenKind = 'none' | 'expired' | 'badly signed' | 'wrong issuer' | 'wrong audience' | 'alg none' | 'not yet valid' | 'no expiry' | 'reader' | 'editor';
const INVALID: TokenKind[] = ['expired', 'badly signed', 'wrong issuer', 'wrong audience', 'alg none', 'not yet valid', 'no expiry'];

async function tokenOf(kind: TokenKind): Promise<string | undefined> {
  const reader = { roles: ['reader'] };
  switch (kind) {
    case 'none':
      return undefined;
    case 'expired':
      return signToken(reader, { expiresIn: -3600 });
    case 'badly signed':
      return signToken(reader, { key: new TextEncoder().encode(`${TEST_SECRET}-but-another-one`) });
    case 'wrong issuer':
      return signToken(reader, { issuer: 'https://someone-else.test/' });
    case 'wrong audience':
      return signToken(reader, { audience: 'another-api' });
    case 'alg none':
      return unsignedToken({ roles: ['admin'] });
    case 'not yet valid':
      return signToken(reader, { notBefore: 3600 });
    case 'no expiry':
      return signToken(reader, { expiresIn: null });
    case 'reader':
      return signToken(reader);
    case 'editor':
      return signToken({ roles: ['editor'] });
  }
}

interface Answer<TData = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: { data?: TData; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post<TData = unknown>(url: string, query: string, token?: string, authorization?: string): Promise<Answer<TData>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  else if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as Answer<TData>['body'] };
}

// ---------------------------------------------------------------------------
// Minimal valid operations for every root field, built from the schema.
// ---------------------------------------------------------------------------

function literal(type: GraphQLInputType): string {
  if (type instanceof GraphQLNonNull) return literal(type.ofType);
  if (type instanceof GraphQLList) return '[]';
  if (type instanceof GraphQLInputObjectType) {
    const required = Object.values(type.getFields()).filter((f) => f.type instanceof GraphQLNonNull && f.defaultValue === undefined);
    return `{ ${required.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  if (type instanceof GraphQLEnumType) return type.getValues()[0]!.name;
  switch (type.name) {
    case 'Int':
    case 'Float':
      return '1';
    case 'Boolean':
      return 'false';
    case 'Date':
      return '"2020-01-01"';
    case 'DateTime':
      return '"2020-01-01T00:00:00Z"';
    default:
      return '"x"';
  }
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const args = field.args.filter((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined).map((a) => `${a.name}: ${literal(a.type)}`);
  // Update and delete mutations without `where` would touch every node of the type: aim at none.
  const where = field.args.find((a) => a.name === 'where');
  if (kind === 'mutation' && where && !(where.type instanceof GraphQLNonNull)) {
    const whereType = getNamedType(where.type);
    if (whereType instanceof GraphQLInputObjectType && whereType.getFields().key) args.push(`where: { key: { eq: "${NO_MATCH}" } }`);
  }
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${kind} { ${field.name}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

function rootOperations(schema: GraphQLSchema): { kind: 'query' | 'mutation'; field: string; query: string }[] {
  const of = (kind: 'query' | 'mutation', fields: Record<string, GraphQLField<unknown, unknown>>) =>
    Object.values(fields).map((field) => ({ kind, field: field.name, query: operationFor(kind, field) }));
  return [...of('query', schema.getQueryType()!.getFields()), ...of('mutation', schema.getMutationType()!.getFields())];
}

// ---------------------------------------------------------------------------

async function graphCounts(driver: Driver): Promise<string> {
  const { records } = await driver.executeQuery(
    'CALL { MATCH (n) WHERE NOT n:GraphGeneration RETURN count(n) AS nodes } CALL { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships',
    {},
    { database: testConnection().database },
  );
  return `${records[0]!.get('nodes')} nodes, ${records[0]!.get('relationships')} relationships`;
}

async function cleanUp(driver: Driver) {
  await driver.executeQuery(
    "MATCH (n) WHERE n:AuthTestMarker OR n.key STARTS WITH 'org:auth-test-' DETACH DELETE n",
    {},
    { database: testConnection().database },
  );
}

function hsConfig(requireForRead: boolean): AuthConfig {
  return { jwtSecret: TEST_SECRET, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, rolesClaim: 'roles', requireForRead };
}

function expectRefused(answer: Answer, status: 401 | 403, token?: string) {
  expect(answer.status).toBe(status);
  const error = answer.body.errors?.[0];
  expect(error?.extensions?.code).toBe(status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
  expect(answer.body.data ?? null).toBeNull();
  if (token) expect(answer.text).not.toContain(token.split('.')[1] ?? token);
  // Apollo keeps extensions.http to itself.
  expect(answer.text).not.toContain('"http"');
}

/** Served: 200, or the 400 of an answer about the arguments alone (`connections` from the unknown key "x"). */
function expectAllowed(answer: Answer) {
  const errors = answer.body.errors ?? [];
  expect(answer.status).toBe(errors.length ? 400 : 200);
  for (const error of errors) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
}

describe('authentication and roles over HTTP', () => {
  const driver = testDriver();
  const database = testConnection().database;
  const servers: RunningHttpServer[] = [];
  const schemas = new Map<boolean, GraphQLSchema>();
  const tokens = new Map<TokenKind, string | undefined>();

  async function schemaFor(requireForRead: boolean): Promise<GraphQLSchema> {
    let schema = schemas.get(requireForRead);
    if (!schema) {
      schema = await buildGraphSchema(driver, database, graphModel(`${readTypeDefs()}\n${CYPHER_FRAGMENT}`), {
        checkDatabase: false,
        auth: { requireForRead },
      });
      schemas.set(requireForRead, schema);
    }
    return schema;
  }

  async function serve(auth: AuthConfig): Promise<string> {
    const schema = await schemaFor(auth.requireForRead);
    const server = await startHttpServer({
      schema,
      host: '127.0.0.1',
      port: 0,
      features: [
        ...essentialFeatures({
          driver,
          database,
          queryTimeoutMs: 10_000,
          maxBodyBytes: 1024 * 1024,
          requestTimeoutMs: 30_000,
          answers: () => Promise.resolve(true),
          debug: false,
        }),
        authFeature(auth),
      ],
      logger: createLogger('silent'),
    });
    servers.push(server);
    return server.url;
  }

  beforeAll(async () => {
    for (const kind of ['none', ...INVALID, 'reader', 'editor'] as TokenKind[]) tokens.set(kind, await tokenOf(kind));
    await cleanUp(driver);
    // As the service does at start-up: the curated search needs its full-text index.
    await applyConstraints(driver, database, testModel());
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    await cleanUp(driver);
    await driver.close();
  });

  describe.each([false, true])('AUTH_REQUIRE_FOR_READ=%s, HS256 secret', (requireForRead) => {
    let url: string;
    let operations: ReturnType<typeof rootOperations>;

    beforeAll(async () => {
      url = await serve(hsConfig(requireForRead));
      operations = rootOperations(await schemaFor(requireForRead));
    });

    it('covers every root field: generated, curated and @cypher', () => {
      const names = operations.map((o) => o.field);
      for (const field of ['organizations', 'projectsConnection', 'entities', 'search', 'coordinations', 'fundingSummary', 'authTestEntityCount']) {
        expect(names).toContain(field);
      }
      for (const field of ['createOrganizations', 'updateProjects', 'deleteSources', 'authTestTouch']) expect(names).toContain(field);
      expect(operations.filter((o) => o.kind === 'mutation').length).toBeGreaterThanOrEqual(31);
    });

    it.each(INVALID)('refuses a token that is %s with 401, on every root field', async (kind) => {
      const token = tokens.get(kind)!;
      const before = await graphCounts(driver);
      for (const operation of operations) {
        const answer = await post(url, operation.query, token);
        try {
          expectRefused(answer, 401, token);
          expect(answer.headers.get('www-authenticate')).toContain('invalid_token');
        } catch (error) {
          throw new Error(`${operation.query}\n${answer.status} ${answer.text}\n${String(error)}`, { cause: error });
        }
      }
      expect(await graphCounts(driver)).toBe(before);
    });

    it('without a token: reads are ' + (requireForRead ? '401' : 'public') + ', mutations 401', async () => {
      const before = await graphCounts(driver);
      for (const operation of operations) {
        const answer = await post(url, operation.query);
        try {
          if (operation.kind === 'mutation' || requireForRead) expectRefused(answer, 401);
          else expectAllowed(answer);
        } catch (error) {
          throw new Error(`${operation.query}\n${answer.status} ${answer.text}\n${String(error)}`, { cause: error });
        }
      }
      expect(await graphCounts(driver)).toBe(before);
    });

    it('with a reader token: reads 200, mutations 403', async () => {
      const token = tokens.get('reader')!;
      const before = await graphCounts(driver);
      for (const operation of operations) {
        const answer = await post(url, operation.query, token);
        try {
          if (operation.kind === 'mutation') expectRefused(answer, 403, token);
          else expectAllowed(answer);
        } catch (error) {
          throw new Error(`${operation.query}\n${answer.status} ${answer.text}\n${String(error)}`, { cause: error });
        }
      }
      expect(await graphCounts(driver)).toBe(before);
    });

    it('with an editor token: reads and mutations 200', async () => {
      const token = tokens.get('editor')!;
      for (const operation of operations) {
        const answer = await post(url, operation.query, token);
        try {
          expectAllowed(answer);
          if (operation.kind === 'mutation') expect(answer.body.errors).toBeUndefined();
        } catch (error) {
          throw new Error(`${operation.query}\n${answer.status} ${answer.text}\n${String(error)}`, { cause: error });
        }
      }
      // The @cypher mutation is the one that changes data with minimal arguments: it went through.
      const { records } = await driver.executeQuery<EagerResult<{ n: Integer }>>('MATCH (m:AuthTestMarker) RETURN count(m) AS n', {}, { database });
      expect(records[0]!.get('n').toNumber()).toBe(1);
      await cleanUp(driver);
    });

    it('with a token that grants no ecograph role: reads ' + (requireForRead ? '403' : '200') + ', mutations 403', async () => {
      const token = await signToken({ roles: ['viewer', 'offline_access'] });
      const read = await post(url, '{ authTestEntityCount }', token);
      if (requireForRead) expectRefused(read, 403, token);
      else expectAllowed(read);
      expectRefused(await post(url, 'mutation { authTestTouch(key: "norole") }', token), 403, token);
    });

    it('guards the @cypher field on a type like any read', async () => {
      const query = '{ organizations(limit: 1) { key authTestShout } }';
      const anonymous = await post(url, query);
      if (requireForRead) expectRefused(anonymous, 401);
      else expectAllowed(anonymous);
      expectAllowed(await post(url, query, tokens.get('reader')));
    });
  });

  describe('a mutation that really writes', () => {
    let url: string;
    beforeAll(async () => {
      url = await serve(hsConfig(false));
    });

    const create = (key: string) =>
      `mutation { createOrganizations(input: [{ key: "${key}", name: "Auth test", aliases: [], sourceKeys: [], kind: OTHER }]) { organizations { key } } }`;

    it('is refused for anonymous callers, readers and tokens without a role, and done for editors and admins', async () => {
      const before = await graphCounts(driver);
      expectRefused(await post(url, create('org:auth-test-anonymous')), 401);
      expectRefused(await post(url, create('org:auth-test-reader'), tokens.get('reader')), 403);
      const noRole = await signToken({ roles: ['visitor'] });
      const refused = await post(url, create('org:auth-test-norole'), noRole);
      expectRefused(refused, 403);
      expect(refused.body.errors![0]!.message).toContain('grants no ecograph role');
      expect(await graphCounts(driver)).toBe(before);

      const byEditor = await post<{ createOrganizations: { organizations: { key: string }[] } }>(url, create('org:auth-test-editor'), tokens.get('editor'));
      expect(byEditor.status).toBe(200);
      expect(byEditor.body.data?.createOrganizations.organizations).toEqual([{ key: 'org:auth-test-editor' }]);
      const byAdmin = await post(url, create('org:auth-test-admin'), await signToken({ roles: 'admin' }));
      expect(byAdmin.body.errors).toBeUndefined();
      const gone = await post<{ deleteOrganizations: { nodesDeleted: number } }>(
        url,
        `mutation { deleteOrganizations(where: { key: { startsWith: "org:auth-test-" } }) { nodesDeleted } }`,
        tokens.get('editor'),
      );
      expect(gone.body.data?.deleteOrganizations.nodesDeleted).toBe(2);
      expect(await graphCounts(driver)).toBe(before);
    });

    it('matches roles exactly as the issuer writes them: EDITOR, " Admin " or Editor grant nothing', async () => {
      const before = await graphCounts(driver);
      for (const roles of [['EDITOR'], [' Admin '], ['Editor'], 'ADMIN', ['editor ']]) {
        const refused = await post(url, create('org:auth-test-case'), await signToken({ roles }));
        expectRefused(refused, 403);
        expect(refused.body.errors![0]!.message).toContain('grants no ecograph role');
      }
      expect(await graphCounts(driver)).toBe(before);
    });

    it('explains a malformed Authorization header without echoing it', async () => {
      for (const [header, secret] of [
        ['Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
        ['Bearer', undefined],
        ['Bearer not-a-jwt', 'not-a-jwt'],
        [`Token ${tokens.get('editor')}`, tokens.get('editor')!.split('.')[1]],
      ] as const) {
        const answer = await post(url, '{ __typename }', undefined, header);
        expectRefused(answer, 401);
        if (secret) expect(answer.text).not.toContain(secret);
      }
      const expired = await post(url, '{ __typename }', tokens.get('expired'));
      expect(expired.body.errors![0]!.message).toMatch(/expired/);
      const wrongIssuer = await post(url, '{ __typename }', tokens.get('wrong issuer'));
      expect(wrongIssuer.body.errors![0]!.message).toMatch(/issued by/);
      const wrongAudience = await post(url, '{ __typename }', tokens.get('wrong audience'));
      expect(wrongAudience.body.errors![0]!.message).toMatch(/audience/);
      const none = await post(url, '{ __typename }', tokens.get('alg none'));
      expect(none.body.errors![0]!.message).toMatch(/not signed/);
      const badlySigned = await post(url, '{ __typename }', tokens.get('badly signed'));
      expect(badlySigned.body.errors![0]!.message).toMatch(/signature/);
      const rs256 = await signToken({ roles: ['admin'] }, { key: (await generateKeyPair('RS256')).privateKey, alg: 'RS256' });
      const wrongAlg = await post(url, '{ __typename }', rs256);
      expectRefused(wrongAlg, 401);
      expect(wrongAlg.body.errors![0]!.message).toMatch(/algorithm "RS256" is not accepted/);
    });
  });

  describe('with no secret or JWKS configured', () => {
    let url: string;
    beforeAll(async () => {
      url = await serve({ rolesClaim: 'roles', requireForRead: false });
    });

    it('refuses any token (401), serves anonymous reads and refuses every mutation (403)', async () => {
      const operations = rootOperations(await schemaFor(false));
      const before = await graphCounts(driver);
      for (const operation of operations) {
        const withToken = await post(url, operation.query, tokens.get('editor'));
        expectRefused(withToken, 401);
        expect(withToken.body.errors![0]!.message).toContain('this server does not accept tokens');
        const anonymous = await post(url, operation.query);
        if (operation.kind === 'mutation') {
          expectRefused(anonymous, 403);
          expect(anonymous.body.errors![0]!.message).toContain('mutations are disabled');
        } else if (/^query \{ (organizations|search|authTestEntityCount)\b/.test(operation.query)) {
          expectAllowed(anonymous);
        }
      }
      expect(await graphCounts(driver)).toBe(before);
    });
  });

  describe('with a JWKS (RS256) and roles at realm_access.roles', () => {
    let jwks: http.Server;
    let url: string;
    let signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
    let otherKey: typeof signingKey;

    beforeAll(async () => {
      const pair = await generateKeyPair('RS256');
      signingKey = pair.privateKey;
      otherKey = (await generateKeyPair('RS256')).privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
      jwks = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
      const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
      url = await serve({ jwksUrl, issuer: TEST_ISSUER, audience: TEST_AUDIENCE, rolesClaim: 'realm_access.roles', requireForRead: false });
    });

    afterAll(async () => {
      await new Promise((resolve) => jwks.close(resolve));
    });

    it('accepts tokens signed by a key of the set, with roles from a nested claim', async () => {
      const editor = await signToken({ realm_access: { roles: ['editor', 'offline_access'] } }, { key: signingKey, alg: 'RS256', kid: 'key-1' });
      expectAllowed(await post(url, '{ authTestEntityCount }', editor));
      const touched = await post(url, 'mutation { authTestTouch(key: "jwks") }', editor);
      expect(touched.status).toBe(200);
      expect(touched.body.data).toEqual({ authTestTouch: 1 });
      await cleanUp(driver);

      const reader = await signToken({ realm_access: { roles: ['reader'] }, roles: ['admin'] }, { key: signingKey, alg: 'RS256', kid: 'key-1' });
      expectRefused(await post(url, 'mutation { authTestTouch(key: "jwks") }', reader), 403);
    });

    it('refuses a token signed by another key, an HS256 token and alg none', async () => {
      const before = await graphCounts(driver);
      for (const kid of ['key-1', 'key-2']) {
        const forged = await signToken({ realm_access: { roles: ['admin'] } }, { key: otherKey, alg: 'RS256', kid });
        const answer = await post(url, 'mutation { authTestTouch(key: "forged") }', forged);
        expectRefused(answer, 401, forged);
        expect(answer.body.errors![0]!.message).toMatch(kid === 'key-1' ? /signature/ : /no key of the configured JWKS/);
      }
      const hs = await signToken({ realm_access: { roles: ['admin'] } });
      expectRefused(await post(url, 'mutation { authTestTouch(key: "forged") }', hs), 401);
      expectRefused(await post(url, 'mutation { authTestTouch(key: "forged") }', unsignedToken({ realm_access: { roles: ['admin'] } })), 401);
      expect(await graphCounts(driver)).toBe(before);
    });

    it('answers 503 when the key set cannot be fetched', async () => {
      const feature = authFeature({ jwksUrl: 'http://127.0.0.1:1/jwks.json', rolesClaim: 'roles', requireForRead: false });
      const token = await signToken({ roles: ['reader'] }, { key: signingKey, alg: 'RS256', kid: 'key-1' });
      const request = { headers: { authorization: `Bearer ${token}` } } as unknown as Request;
      await expect(feature.context!(request)).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } } });
    });
  });

  describe('the model’s own rules, without the request-level check', () => {
    const context = (roles: string[] | undefined) => ({
      ...createRequestContext(driver, database),
      ...(roles ? { jwt: { sub: 'test', roles }, roles } : { roles: [] }),
    });
    const create = (key: string) =>
      `mutation { createOrganizations(input: [{ key: "${key}", name: "Auth test", aliases: [], sourceKeys: [], kind: OTHER }]) { organizations { key } } }`;

    it('refuses writes without editor (@authentication in schema/model.graphql)', async () => {
      const schema = await schemaFor(false);
      const before = await graphCounts(driver);
      for (const roles of [undefined, [], ['reader']]) {
        const result = await execute({ schema, source: create('org:auth-test-model'), contextValue: context(roles) });
        expect(result.errors?.[0]?.message).toMatch(/Unauthenticated|Forbidden/);
      }
      const update = await execute({
        schema,
        source:
          'mutation { updateOrganizations(where: { key: { eq: "org:umea-university" } }, update: { name: { set: "Hacked" } }) { organizations { key } } }',
        contextValue: context(['reader']),
      });
      expect(update.errors?.[0]?.message).toMatch(/Unauthenticated|Forbidden/);
      expect(await graphCounts(driver)).toBe(before);
      const byEditor = await execute({ schema, source: create('org:auth-test-model'), contextValue: context(['reader', 'editor']) });
      expect(byEditor.errors).toBeUndefined();
      await cleanUp(driver);
    });

    it('with requireForRead, refuses reads without reader, generated and curated (an Organization exists)', async () => {
      const schema = await schemaFor(true);
      await driver.executeQuery(
        "MERGE (o:Organization:Entity {key: 'org:auth-test-existing'}) SET o.name = 'Auth test', o.aliases = [], o.sourceKeys = [], o.kind = 'OTHER'",
        {},
        { database },
      );
      for (const source of [
        '{ organizations(limit: 1) { key } }',
        '{ organizationsConnection { totalCount } }',
        '{ search(text: "umea") { entity { key } } }',
      ]) {
        for (const roles of [undefined, []]) {
          const result = await execute({ schema, source, contextValue: context(roles) });
          expect(result.errors?.[0]?.message).toMatch(/Unauthenticated|Forbidden|requires a token|reading needs/);
        }
        const allowed = await execute({ schema, source, contextValue: context(['reader']) });
        expect(allowed.errors).toBeUndefined();
      }
    });
  });
});

describe('roles from claims', () => {
  it('reads a claim name or a dotted path; a string or an array', () => {
    expect(rolesFromClaims({ roles: ['editor'] }, 'roles')).toEqual(['reader', 'editor']);
    expect(rolesFromClaims({ roles: 'admin' }, 'roles')).toEqual(['reader', 'editor', 'admin']);
    expect(rolesFromClaims({ roles: 'reader editor' }, 'roles')).toEqual(['reader', 'editor']);
    expect(rolesFromClaims({ realm_access: { roles: ['reader', 'uma_authorization'] } }, 'realm_access.roles')).toEqual(['reader']);
    expect(rolesFromClaims({ 'https://ecograph.test/roles': ['admin'] }, 'https://ecograph.test/roles')).toEqual(['reader', 'editor', 'admin']);
  });

  it('ignores unknown roles and odd values', () => {
    expect(effectiveRoles(['superuser', 'root'])).toEqual([]);
    expect(effectiveRoles(undefined)).toEqual([]);
    expect(effectiveRoles({ admin: true })).toEqual([]);
    expect(effectiveRoles([42, null, 'reader'])).toEqual(['reader']);
    // Exactly as written: no case folding, no trimming of an array's elements.
    expect(effectiveRoles(['EDITOR', ' Admin ', 'Reader'])).toEqual([]);
    expect(effectiveRoles('ADMIN,Editor')).toEqual([]);
    expect(effectiveRoles(' editor ')).toEqual(['reader', 'editor']);
    expect(rolesFromClaims({ realm_access: 'admin' }, 'realm_access.roles')).toEqual([]);
    expect(rolesFromClaims({ roles: ['admin'] }, '__proto__.roles')).toEqual([]);
  });
});
