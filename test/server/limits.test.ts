import { getIntrospectionQuery, Kind, parse, type IntrospectionQuery, type OperationDefinitionNode } from 'graphql';
import { loadExamples } from '../../src/schema-files';
import { aliasesOf, COST_HEADER, depthOf, directivesOf } from '../../src/server/limits';
import { bracketDepth } from '../../src/server/limits/http';
import type { RunningService } from '../../src/service';
import { loadSeedGraph, post, send, startTestService } from '../support/graphql-http-client';
import { ISSUE_QUERY } from '../support/issue-queries';

const firstOperation = (source: string) => {
  const document = parse(source);
  return { document, operation: document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode };
};

/** `organizations { memberOf { memberOf { … name } } }`: depth `levels + 1`. */
const nested = (levels: number, args = '') => `{ organizations${args} { ${`memberOf${args} { `.repeat(levels - 1)}name${' }'.repeat(levels - 1)} } }`;

describe('query measures', () => {
  it('measures depth through fragments and inline fragments, not counting introspection', () => {
    const { document, operation } = firstOperation(
      `{ organizations { ...A } } fragment A on Organization { memberOf { ... on Organization { ...B } } } fragment B on Organization { name }`,
    );
    expect(depthOf(document, operation)).toBe(3);
    const introspection = firstOperation(getIntrospectionQuery());
    expect(depthOf(introspection.document, introspection.operation)).toBe(1);
  });

  it('counts aliases and directives through fragment bombs without expanding them', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on Query { a: __typename @skip(if: false) }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    );
    const { document, operation } = firstOperation(`{ ...F0 } ${fragments.join(' ')}`);
    const started = Date.now();
    expect(aliasesOf(document, operation)).toBe(2 ** (levels - 1));
    expect(directivesOf(document, operation)).toBe(2 ** (levels - 1));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('measures bracket nesting outside strings and comments', () => {
    expect(bracketDepth('{ a(w: { b: "{{{[[[" }) { c } } # {{{{')).toBe(3);
    expect(bracketDepth('{ a(t: """ {{{ \\""" {{ """) }')).toBe(2);
  });
});

describe('query limits over HTTP (defaults)', () => {
  let service: RunningService;

  beforeAll(async () => {
    await loadSeedGraph();
    service = await startTestService();
  });

  afterAll(async () => {
    await service?.stop();
  });

  const expectRejected = (answer: Awaited<ReturnType<typeof post>>, status: number, message: string | RegExp) => {
    expect(answer.body).toBeDefined();
    expect({ status: answer.status, message: answer.body?.errors?.[0]?.message }).toEqual({
      status,
      message: typeof message === 'string' ? message : (expect.stringMatching(message) as unknown),
    });
  };

  it.each(loadExamples().map((e) => [e.name, e] as const))('answers the example %s within the limits', async (_name, example) => {
    const answer = await post(service.url, example.query, example.variables ? (JSON.parse(example.variables) as Record<string, unknown>) : {});
    expect(answer.body?.errors).toBeUndefined();
    expect(answer.status).toBe(200);
  });

  it('answers the README collaboration network example within the limits', async () => {
    const answer = await post(
      service.url,
      `{ collaborationNetwork(around: "region:vasterbotten", hops: 2, nodeLimit: 200, edgeLimit: 500, edgeOffset: 0) {
           nodes { id label type degree }
           edges { id source target kind weight sharedFunding { amount currency } via { key name } sources { title url } }
           totalEdges truncated } }`,
    );
    expect(answer.body?.errors).toBeUndefined();
    expect(answer.status).toBe(200);
  });

  it('answers the standard introspection query (GraphiQL’s) within the limits', async () => {
    const answer = await post<IntrospectionQuery>(service.url, getIntrospectionQuery());
    expect(answer.body?.errors).toBeUndefined();
    expect(answer.body?.data?.__schema?.types?.length).toBeGreaterThan(10);
  });

  it('rejects a query deeper than GRAPHQL_MAX_DEPTH', async () => {
    const deepest = await post(service.url, nested(11, '(limit: 1)'));
    expect(deepest.body?.errors).toBeUndefined();
    expect(deepest.status).toBe(200);
    expectRejected(await post(service.url, nested(13)), 400, 'Query depth 14 exceeds the maximum of 12 (GRAPHQL_MAX_DEPTH)');
  });

  it('rejects depth reached through fragments', async () => {
    const query = `{ organizations { ...L1 } } ${Array.from({ length: 12 }, (_, i) => `fragment L${i + 1} on Organization { memberOf { ${i === 11 ? 'name' : `...L${i + 2}`} } }`).join(' ')}`;
    expectRejected(await post(service.url, query), 400, 'Query depth 14 exceeds the maximum of 12 (GRAPHQL_MAX_DEPTH)');
  });

  it('rejects fragment cycles', async () => {
    const answer = await post(
      service.url,
      '{ organizations { ...A } } fragment A on Organization { memberOf { ...B } } fragment B on Organization { memberOf { ...A } }',
    );
    expectRejected(answer, 400, /Cannot spread fragment "A" within itself/);
  });

  it('computes cost from literal page sizes', async () => {
    const answer = await post(service.url, '{ organizations(limit: 500) { memberOf(limit: 500) { name } } }');
    expectRejected(answer, 400, 'Query cost 250501 exceeds the maximum of 50000 (GRAPHQL_MAX_COST)');
  });

  it('computes cost from page sizes passed as variables, capped at the list maximum', async () => {
    const query = 'query ($n: Int) { organizations(limit: $n) { memberOf(limit: $n) { name } } }';
    const small = await post(service.url, query, { n: 10 });
    expect(small.body?.errors).toBeUndefined();
    expectRejected(await post(service.url, query, { n: 500 }), 400, 'Query cost 250501 exceeds the maximum of 50000 (GRAPHQL_MAX_COST)');
    expectRejected(await post(service.url, query, { n: 1_000_000 }), 400, 'Query cost 250501 exceeds the maximum of 50000 (GRAPHQL_MAX_COST)');
  });

  it('prices lists without a page size by the graph’s own sizes: the issue’s question passes, and says why with the ecograph-cost header', async () => {
    const plain = await post(service.url, ISSUE_QUERY);
    expect(plain.body?.errors).toBeUndefined();
    expect(plain.body?.extensions).toBeUndefined();
    const explained = await post(service.url, ISSUE_QUERY, undefined, { [COST_HEADER]: 'explain' });
    expect(explained.status).toBe(200);
    const cost = explained.body?.extensions?.cost as { value: number; maximum: number; lists: { field: string; size: number; basis: string }[] };
    expect(cost.maximum).toBe(50_000);
    expect(cost.value).toBeLessThan(50_000);
    expect(cost.lists.find((l) => l.field === 'Ecosystem.coordinatorsConnection')?.basis).toMatch(/^95th percentile of COORDINATES into Ecosystem: \d+/);
    expect(cost.lists.find((l) => l.field === 'Query.ecosystems')?.basis).toMatch(/^Ecosystem nodes: \d+/);
  });

  it('refuses by cost what asks for large pages inside large pages, and says how each list was priced', async () => {
    const refused = await post(service.url, '{ organizations(limit: 500) { memberOf(limit: 500) { name } } }', undefined, { [COST_HEADER]: '1' });
    expectRejected(refused, 400, 'Query cost 250501 exceeds the maximum of 50000 (GRAPHQL_MAX_COST)');
    const cost = refused.body?.extensions?.cost as { value: number; lists: { field: string; size: number; basis: string }[] };
    expect(cost.value).toBe(250_501);
    expect(cost.lists).toContainEqual({ field: 'Organization.memberOf', size: 500, basis: 'limit argument' });
    expectRejected(
      await post(
        service.url,
        'query ($f: Int) { organizationsConnection(first: $f) { edges { node { memberOfConnection(first: $f) { edges { node { name } } } } } } }',
        { f: 300 },
      ),
      400,
      /^Query cost \d+ exceeds the maximum of 50000 \(GRAPHQL_MAX_COST\)$/,
    );
    const fragments = Array.from({ length: 20 }, (_, i) =>
      i === 19 ? `fragment B${i} on Organization { name }` : `fragment B${i} on Organization { ...B${i + 1} ...B${i + 1} }`,
    );
    expectRejected(await post(service.url, `{ organizations { ...B0 } } ${fragments.join(' ')}`), 400, /^Query cost \d+ exceeds the maximum of 50000/);
  });

  it('rejects more aliases than GRAPHQL_MAX_ALIASES', async () => {
    const fields = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ');
    expect((await post(service.url, `{ ${fields(30)} }`)).status).toBe(200);
    expectRejected(await post(service.url, `{ ${fields(31)} }`), 400, 'Number of aliases 31 exceeds the maximum of 30 (GRAPHQL_MAX_ALIASES)');
  });

  it('rejects more directives than GRAPHQL_MAX_DIRECTIVES', async () => {
    const query = `{ ${'__typename @include(if: true) '.repeat(21)}}`;
    expectRejected(await post(service.url, query), 400, 'Number of directives 21 exceeds the maximum of 20 (GRAPHQL_MAX_DIRECTIVES)');
  });

  it('rejects more tokens than GRAPHQL_MAX_TOKENS', async () => {
    const query = `{ ${'__typename '.repeat(6000)}}`;
    expectRejected(await post(service.url, query), 400, 'Query size of more than 5000 tokens exceeds the maximum of 5000 (GRAPHQL_MAX_TOKENS)');
  });

  it('rejects nesting too deep to parse before parsing it', async () => {
    const query = `{ ${'a { '.repeat(3000)}b${' }'.repeat(3000)} }`;
    expectRejected(await post(service.url, query), 400, 'Query nesting depth 3001 (brackets) exceeds the maximum of 48 (4 × GRAPHQL_MAX_DEPTH)');
  });

  it('rejects input objects nested deeper than GRAPHQL_MAX_DEPTH, in variables and in the query', async () => {
    const deep = (n: number): unknown => (n === 0 ? { name: { eq: 'x' } } : { AND: [deep(n - 1)] });
    const viaVariables = await post(service.url, 'query ($w: OrganizationWhere) { organizations(where: $w) { name } }', { w: deep(200) });
    expectRejected(viaVariables, 400, /^Input nesting depth \d+ exceeds the maximum of 12 \(GRAPHQL_MAX_DEPTH\)$/);
    const literal = `{ organizations(where: ${'{ AND: ['.repeat(8)}{ name: { eq: "x" } }${'] }'.repeat(8)}) { name } }`;
    expectRejected(await post(service.url, literal), 400, /^Input nesting depth \d+ exceeds the maximum of 12 \(GRAPHQL_MAX_DEPTH\)$/);
  });

  it('answers an oversized body with a 413 GraphQL error naming HTTP_MAX_BODY_BYTES', async () => {
    const answer = await post(service.url, 'query ($t: String!) { search(text: $t) { score } }', { t: 'x'.repeat(1024 * 1024) });
    expect(answer.contentType).toMatch(/^application\/json/);
    expectRejected(answer, 413, /^Request body of \d+ bytes exceeds the maximum of 262144 bytes \(HTTP_MAX_BODY_BYTES\)$/);
  });

  it('refuses HTTP batches with a 400 saying why', async () => {
    const answer = await send(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expectRejected(answer, 400, /^Batched requests are not accepted: send one GraphQL operation per request/);
  });

  it('answers malformed JSON, a syntax error and a wrong content type with 4xx JSON errors', async () => {
    const malformed = await send(service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"' });
    expectRejected(malformed, 400, /^Malformed JSON in the request body/);
    expectRejected(await post(service.url, '{ organizations { name }'), 400, /^Syntax Error/);
    const text = await send(service.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ __typename }' });
    expectRejected(text, 415, /^Unsupported Content-Type "text\/plain"/);
    const empty = await send(service.url, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBeGreaterThanOrEqual(400);
    expect(empty.status).toBeLessThan(500);
    expect(empty.body?.errors?.[0]?.message).toBeTruthy();
  });

  it('answers in application/graphql-response+json when asked, with 4xx for errors', async () => {
    const answer = await post(service.url, '{ nope }', undefined, { accept: 'application/graphql-response+json' });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/graphql-response\+json/);
    const large = await post(service.url, '{ __typename }', { pad: 'x'.repeat(300_000) }, { accept: 'application/graphql-response+json' });
    expect(large.status).toBe(413);
    expect(large.contentType).toMatch(/^application\/graphql-response\+json/);
  });

  it('outside production: introspection on, suggestions and stack traces shown', async () => {
    const answer = await post(service.url, '{ organizations { nam } }');
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/Did you mean "name"/);
  });
});

describe('query limits in production, and limits set by environment variables', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startTestService({
      NODE_ENV: 'production',
      GRAPHQL_MAX_DEPTH: '3',
      GRAPHQL_MAX_COST: '100',
      GRAPHQL_MAX_ALIASES: '2',
      GRAPHQL_MAX_DIRECTIVES: '1',
      GRAPHQL_MAX_TOKENS: '100',
      HTTP_MAX_BODY_BYTES: '2048',
    });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('turns introspection off', async () => {
    const answer = await post(service.url, '{ __schema { queryType { name } } }');
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('hides field suggestions and stack traces', async () => {
    const answer = await post(service.url, '{ organizations { nam } }');
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(answer.body)).not.toMatch(/stacktrace/);
    const failing = await post(service.url, '{ search(text: "x", limit: 1000) { score } }');
    expect(JSON.stringify(failing.body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it('applies the configured maxima', async () => {
    expect((await post(service.url, '{ organizations { memberOf { memberOf { name } } } }')).body?.errors?.[0]?.message).toBe(
      'Query depth 4 exceeds the maximum of 3 (GRAPHQL_MAX_DEPTH)',
    );
    expect((await post(service.url, '{ organizations(limit: 3) { memberOf(limit: 40) { name } } }')).body?.errors?.[0]?.message).toBe(
      'Query cost 124 exceeds the maximum of 100 (GRAPHQL_MAX_COST)',
    );
    expect((await post(service.url, '{ a: __typename b: __typename c: __typename }')).body?.errors?.[0]?.message).toBe(
      'Number of aliases 3 exceeds the maximum of 2 (GRAPHQL_MAX_ALIASES)',
    );
    expect((await post(service.url, '{ __typename @skip(if: false) __typename @include(if: true) }')).body?.errors?.[0]?.message).toBe(
      'Number of directives 2 exceeds the maximum of 1 (GRAPHQL_MAX_DIRECTIVES)',
    );
    expect((await post(service.url, `{ ${'__typename '.repeat(120)}}`)).body?.errors?.[0]?.message).toBe(
      'Query size of more than 100 tokens exceeds the maximum of 100 (GRAPHQL_MAX_TOKENS)',
    );
    const large = await post(service.url, '{ __typename }', { pad: 'x'.repeat(3000) });
    expect(large.status).toBe(413);
    expect(large.body?.errors?.[0]?.message).toMatch(/exceeds the maximum of 2048 bytes \(HTTP_MAX_BODY_BYTES\)/);
  });
});
