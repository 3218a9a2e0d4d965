import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { packageRoot } from '../../src/paths';
import type { RunningService } from '../../src/service';
import { type Answer, graphFingerprint, loadSeedGraph, post, send, startTestService } from '../support/graphql-http-client';
import { testConnection, testDriver } from '../support/database';
import { TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET, signToken } from '../support/tokens';

/**
 * Hostile requests, generated: each must be refused with a 4xx and a message, or answered within
 * the limits (a GraphQL response, never a 5xx); the server stays up and no data changes.
 */
interface Hostile {
  category: string;
  name: string;
  request: RequestInit & { search?: string };
}

const json = (query: string, variables?: Record<string, unknown>, extra: Record<string, unknown> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, ...(variables ? { variables } : {}), ...extra }),
});

const cases: Hostile[] = [];
const add = (category: string, name: string, request: RequestInit & { search?: string }) => cases.push({ category, name, request });

// Depth bombs: relationships nested within each other, directly, through unions and fragments.
for (let depth = 13; depth <= 60; depth += 3) {
  add('depth bomb', `memberOf x${depth}`, json(`{ organizations { ${'memberOf { '.repeat(depth)}name${' }'.repeat(depth)} } }`));
}
for (let levels = 2; levels <= 12; levels += 2) {
  const body = 'members { ... on Organization { memberOf { '.repeat(levels) + 'name' + ' } } }'.repeat(levels);
  add('depth bomb', `organizations { memberOf { members … } } x${levels}`, json(`{ organizations { memberOf { ${body} } } }`));
  const chain = '... on Project { coordinators { ... on Organization { coordinates { '.repeat(levels) + '__typename' + ' } } } }'.repeat(levels);
  add('depth bomb', `projects coordinators/coordinates x${levels}`, json(`{ projects { coordinators { ... on Organization { coordinates { ${chain} } } } } }`));
}
for (const depth of [13, 20, 40]) {
  const fragments = Array.from({ length: depth }, (_, i) => `fragment D${i} on Organization { memberOf { ${i === depth - 1 ? 'name' : `...D${i + 1}`} } }`);
  add('depth bomb', `through ${depth} fragments`, json(`{ organizations { ...D0 } } ${fragments.join(' ')}`));
}
for (const depth of [1000, 2000, 5000]) {
  add('depth bomb', `unparseable nesting ${depth}`, json(`{ ${'a { '.repeat(depth)}b${' }'.repeat(depth)} }`));
}

// Alias floods.
for (const n of [31, 100, 500, 1000, 2500]) {
  add('alias flood', `${n} aliases of __typename`, json(`{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`));
  add('alias flood', `${n} aliased organizations`, json(`{ ${Array.from({ length: n }, (_, i) => `o${i}: organizations(limit: 500) { name }`).join(' ')} }`));
}

// Field duplication (no aliases: merged by graphql-js, but validated pairwise).
for (const n of [100, 1000, 2400, 4900]) {
  add('field duplication', `${n} x name`, json(`{ organizations { ${'name '.repeat(n)}} }`));
  add('field duplication', `${n} x __typename`, json(`{ ${'__typename '.repeat(n)}}`));
  add('field duplication', `${n} x organizations { name }`, json(`{ ${'organizations { name } '.repeat(Math.floor(n / 4))}}`));
}

// Fragment cycles.
for (const length of [1, 2, 3, 10, 50]) {
  const fragments = Array.from({ length }, (_, i) => `fragment C${i} on Organization { name memberOf { ...C${(i + 1) % length} } }`);
  add('fragment cycle', `cycle of ${length}`, json(`{ organizations { ...C0 } } ${fragments.join(' ')}`));
  const queryCycle = Array.from({ length }, (_, i) => `fragment Q${i} on Query { __typename ...Q${(i + 1) % length} }`);
  add('fragment cycle', `Query cycle of ${length}`, json(`{ ...Q0 } ${queryCycle.join(' ')}`));
}

// Fragment bombs: each fragment spreads the next twice (2^levels expansions), and wider fans.
for (const levels of [5, 10, 15, 20, 25, 30, 40, 60]) {
  const fragments = Array.from({ length: levels }, (_, i) =>
    i === levels - 1 ? `fragment B${i} on Organization { name key description }` : `fragment B${i} on Organization { ...B${i + 1} ...B${i + 1} }`,
  );
  add('fragment bomb', `binary x${levels}`, json(`{ organizations { ...B0 } } ${fragments.join(' ')}`));
  const query = Array.from({ length: levels }, (_, i) =>
    i === levels - 1 ? `fragment T${i} on Query { __typename }` : `fragment T${i} on Query { ...T${i + 1} ...T${i + 1} ...T${i + 1} }`,
  );
  add('fragment bomb', `ternary on Query x${levels}`, json(`{ ...T0 } ${query.join(' ')}`));
}
for (const width of [10, 50, 200]) {
  const fragments = Array.from({ length: 6 }, (_, i) =>
    i === 5 ? `fragment W${i} on Organization { name }` : `fragment W${i} on Organization { ${`...W${i + 1} `.repeat(width)}}`,
  );
  add('fragment bomb', `fan ${width}^5`, json(`{ organizations { ...W0 } } ${fragments.join(' ')}`));
}

// Directive overloading.
for (const n of [21, 100, 500, 1500]) {
  add('directives', `${n} x @include on fields`, json(`{ ${'__typename @include(if: true) '.repeat(n)}}`));
  add('directives', `${n} x @skip(if: $s)`, json(`query ($s: Boolean!) { organizations { ${'name @skip(if: $s) '.repeat(n)}} }`, { s: false }));
}
for (const n of [2, 50, 1000]) add('directives', `${n} x @include on one field`, json(`{ __typename ${'@include(if: true) '.repeat(n)}}`));
add('directives', 'unknown directive', json('{ __typename @cypher(statement: "MATCH (n) DETACH DELETE n") }'));
add('directives', 'directives on fragments', json(`{ organizations { ${Array.from({ length: 30 }, () => '... @include(if: true) { name }').join(' ')} } }`));

// Huge strings and lists in variables.
const search = 'query ($t: String!) { search(text: $t) { score entity { key } } }';
for (const size of [10_000, 200_000, 1_000_000, 5_000_000]) {
  add('huge variables', `search text of ${size} chars`, json(search, { t: 'medtech '.repeat(Math.ceil(size / 8)).slice(0, size) }));
  add('huge variables', `name eq of ${size} chars`, json('query ($n: String) { organizations(where: { name: { eq: $n } }) { key } }', { n: 'x'.repeat(size) }));
}
for (const size of [1000, 10_000, 20_000, 100_000]) {
  add(
    'huge variables',
    `key in list of ${size}`,
    json('query ($k: [ID!]) { organizations(where: { key: { in: $k } }) { key } }', { k: Array.from({ length: size }, (_, i) => `org:${i}`) }),
  );
  add(
    'huge variables',
    `types list of ${size}`,
    json('query ($t: [String!]) { search(text: "umea", types: $t) { score } }', { t: Array.from({ length: size }, () => 'Organization') }),
  );
}
add('huge variables', '10,000 unused variables', json('{ __typename }', Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`v${i}`, i]))));

// Page sizes far beyond the maxima, written and passed as variables.
const pageQueries: [string, string][] = [
  ['organizations(limit)', 'query ($n: Int) { organizations(limit: $n) { name } }'],
  ['organizations(limit) nested', 'query ($n: Int) { organizations(limit: $n) { memberOf(limit: $n) { name } } }'],
  ['projectsConnection(first)', 'query ($n: Int) { projectsConnection(first: $n) { edges { node { name } } } }'],
  ['coordinations(limit)', 'query ($n: Int) { coordinations(limit: $n) { totalCount rows { role } } }'],
  ['search(limit)', 'query ($n: Int) { search(text: "umea", limit: $n) { score } }'],
  [
    'collaborationNetwork(nodeLimit, edgeLimit)',
    'query ($n: Int) { collaborationNetwork(nodeLimit: $n, edgeLimit: $n) { nodes { id } edges { id via { key } } } }',
  ],
  ['connections(limit, maxHops)', 'query ($n: Int) { connections(from: "org:umea-university", to: "org:vinnova", limit: $n, maxHops: $n) { length } }'],
  ['collaborationNetwork(hops)', 'query ($n: Int) { collaborationNetwork(around: "region:vasterbotten", hops: $n) { totalEdges } }'],
];
for (const [name, query] of pageQueries) {
  for (const n of [1_000_000, -1, 2_147_483_647]) add('page sizes', `${name} = ${n}`, json(query, { n }));
}
add('page sizes', 'limit 2^53 (not an Int)', json(pageQueries[0]![1], { n: 2 ** 53 }));
add('page sizes', 'limit as a string', json(pageQueries[0]![1], { n: '1000000' }));
add('page sizes', 'literal limit: 1000000', json('{ organizations(limit: 1000000) { name } }'));
add('page sizes', 'offset 1e15', json('{ organizations(offset: 999999999) { name } }'));

// Deeply nested input objects.
const nestedWhere = (n: number): unknown => (n === 0 ? { name: { eq: 'x' } } : { AND: [nestedWhere(n - 1)], OR: [{ key: { eq: 'y' } }] });
const deepValue = (n: number): string => '{"AND":['.repeat(n) + '{"name":{"eq":"x"}}' + ']}'.repeat(n);
for (const n of [5, 13, 50, 500]) {
  add('nested input', `where AND x${n} (variables)`, json('query ($w: OrganizationWhere) { organizations(where: $w) { key } }', { w: nestedWhere(n) }));
}
for (const n of [5_000, 20_000]) {
  add('nested input', `where AND x${n} (raw JSON)`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"query":"query ($w: OrganizationWhere) { organizations(where: $w) { key } }","variables":{"w":${deepValue(n)}}}`,
  });
}
for (const n of [5, 13, 40, 400]) {
  add('nested input', `where AND x${n} (literal)`, json(`{ organizations(where: ${'{ AND: ['.repeat(n)}{ name: { eq: "x" } }${'] }'.repeat(n)}) { key } }`));
}
add('nested input', 'deep object in an unused variable', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: `{"query":"{ __typename }","variables":{"junk":${deepValue(3000)}}}`,
});

// Cypher injection, in every kind of filter and in the curated queries' arguments.
const payloads = [
  "x' OR 1=1 //",
  '"}) MATCH (n) DETACH DELETE n //',
  "x'}) MATCH (n) DETACH DELETE n //",
  '`) DETACH DELETE n //',
  'x` OR true WITH 1 AS x MATCH (n) DETACH DELETE n //',
  '\\u0027 OR 1=1 //',
  '\u0027) RETURN 1 UNION MATCH (n) DETACH DELETE n //',
  '$where',
  '{key: "x"}) CALL apoc.cypher.runWrite("MATCH (n) DETACH DELETE n", {}) //',
  '*) OR name:* AND NOT x:(',
  '"\\"; DROP DATABASE neo4j; //',
  '\u0000\u0001\u001f',
  '\ud83d\ude00 \u202e evil',
  '/* */ MATCH (n) SET n.pwned = true //',
  'name~ AND (a OR b) NOT c^10 "unclosed',
  "LOAD CSV FROM 'http://127.0.0.1:1/x' AS l RETURN l //",
];
const injectionTargets: [string, (p: string) => RequestInit][] = [
  ['organizations name eq', (p) => json('query ($p: String) { organizations(where: { name: { eq: $p } }) { key } }', { p })],
  ['organizations name contains', (p) => json('query ($p: String) { organizations(where: { name: { contains: $p } }) { key } }', { p })],
  [
    'projects name caseInsensitive contains',
    (p) => json('query ($p: String) { projects(where: { name: { caseInsensitive: { contains: $p } } }) { key } }', { p }),
  ],
  [
    'entities key in',
    (p) => json('query ($p: ID!) { organizations(where: { OR: [{ key: { in: [$p] } }, { description: { startsWith: $p } }] }) { key } }', { p }),
  ],
  ['literal string in a filter', (p) => json(`{ organizations(where: { name: { eq: ${JSON.stringify(p)} } }) { key } }`)],
  ['search text', (p) => json('query ($p: String!) { search(text: $p) { score entity { key } } }', { p })],
  ['coordinations coordinator', (p) => json('query ($p: ID) { coordinations(where: { coordinator: $p, initiatives: { region: $p } }) { totalCount } }', { p })],
  ['collaborationNetwork around', (p) => json('query ($p: ID) { collaborationNetwork(around: $p) { totalEdges } }', { p })],
  ['connections from/to', (p) => json('query ($p: ID!) { connections(from: $p, to: "org:vinnova") { length } }', { p })],
  ['fundingSummary funder', (p) => json('query ($p: ID) { fundingSummary(groupBy: FUNDER, where: { funder: $p, focusArea: $p }) { total } }', { p })],
];
for (const payload of payloads) {
  for (const [target, request] of injectionTargets) add('cypher injection', `${target}: ${JSON.stringify(payload)}`, request(payload));
}
add('cypher injection', 'anonymous delete mutation', json('mutation { deleteOrganizations(where: { name: { eq: "x\' OR 1=1 //" } }) { nodesDeleted } }'));
add('cypher injection', 'anonymous delete of everything', json('mutation { deleteOrganizations { nodesDeleted } deleteProjects { nodesDeleted } }'));
add(
  'cypher injection',
  'anonymous create',
  json('mutation { createOrganizations(input: [{ key: "org:pwned", name: "x", kind: OTHER, aliases: [], sourceKeys: [] }]) { organizations { key } } }'),
);
add('cypher injection', 'mutation over GET', {
  method: 'GET',
  headers: { 'apollo-require-preflight': 'true' },
  search: `?query=${encodeURIComponent('mutation { deleteOrganizations { nodesDeleted } }')}`,
});

// Introspection abuse.
const ofTypes = (n: number) => `${'ofType { '.repeat(n)}name${' }'.repeat(n)}`;
for (const n of [3, 10, 50, 300]) add('introspection', `__type ofType x${n}`, json(`{ __type(name: "Organization") { fields { type { ${ofTypes(n)} } } } }`));
for (const n of [2, 3, 5, 10]) {
  const body = `${'fields { type { '.repeat(n)}name${' } }'.repeat(n)}`;
  add('introspection', `__schema types fields type fields x${n}`, json(`{ __schema { types { ${body} } } }`));
}
add(
  'introspection',
  'interfaces / possibleTypes chain',
  json(`{ __schema { types { ${'possibleTypes { interfaces { '.repeat(4)}name${' } }'.repeat(4)} } } }`),
);
add(
  'introspection',
  '25 aliased __schema',
  json(`{ ${Array.from({ length: 25 }, (_, i) => `s${i}: __schema { types { name fields { name args { name } } } }`).join(' ')} }`),
);
add('introspection', '__type with a huge name', json('query ($n: String!) { __type(name: $n) { name } }', { n: 'X'.repeat(100_000) }));

// Malformed JSON bodies.
for (const [name, body] of [
  ['truncated', '{"query": "{ __typename }"'],
  ['trailing garbage', '{"query": "{ __typename }"} xyz'],
  ['single quotes', "{'query': '{ __typename }'}"],
  ['bare string', '"{ __typename }"'],
  ['number', '42'],
  ['null', 'null'],
  ['empty', ''],
  ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x22, 0x7d])],
  ['query not a string', '{"query": {"a": 1}}'],
  ['variables not an object', '{"query": "{ __typename }", "variables": "[1,2]"}'],
  ['NaN', '{"query": "{ __typename }", "variables": {"n": NaN}}'],
  ['deep array', '['.repeat(50_000) + ']'.repeat(50_000)],
] as const) {
  add('malformed JSON', name, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: (typeof body === 'string' ? body : new Uint8Array(body)) as RequestInit['body'],
  });
}

// Wrong content types.
for (const type of [
  'text/plain',
  'application/graphql',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'image/png',
]) {
  add('content type', type, {
    method: 'POST',
    headers: { 'content-type': type },
    body: type.startsWith('application/json') ? '{"query":"{ __typename }"}' : 'query={__typename}',
  });
}
add('content type', 'none', { method: 'POST', body: new Uint8Array(Buffer.from('{"query":"{ __typename }"}')) });
add('content type', 'PUT', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
add('content type', 'DELETE', { method: 'DELETE' });

// Batched arrays.
for (const n of [1, 2, 100, 5000]) {
  add('batching', `array of ${n}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ organizations { name } }' }))),
  });
}

// GET with huge query strings.
for (const size of [1_000, 7_000, 12_000, 60_000, 1_000_000]) {
  const query = `{ ${'__typename '.repeat(Math.ceil(size / 11))}}`.slice(0, size - 1) + '}';
  add('GET', `query string of ${size} chars`, {
    method: 'GET',
    headers: { 'apollo-require-preflight': 'true' },
    search: `?query=${encodeURIComponent(query)}`,
  });
}
add('GET', 'alias flood over GET', {
  method: 'GET',
  headers: { 'apollo-require-preflight': 'true' },
  search: `?query=${encodeURIComponent(`{ ${Array.from({ length: 300 }, (_, i) => `a${i}: __typename`).join(' ')} }`)}`,
});
add('GET', 'variables not JSON', { method: 'GET', headers: { 'apollo-require-preflight': 'true' }, search: '?query=%7B__typename%7D&variables=%7Bnope' });
add('GET', 'repeated query parameter', {
  method: 'GET',
  headers: { 'apollo-require-preflight': 'true' },
  search: '?query=%7B__typename%7D&query=%7B__typename%7D',
});
add('GET', 'without CSRF header', { method: 'GET', search: '?query=%7B__typename%7D' });

// Page arguments out of range, written and as variables, on the generated API and the curated queries.
const cursor = (text: string) => Buffer.from(text).toString('base64');
for (const [name, query] of [
  ['limit -1', '{ organizations(limit: -1) { key } }'],
  ['offset -1', '{ organizations(offset: -1) { key } }'],
  ['nested offset -1', '{ organizations(limit: 1) { memberOf(offset: -1) { key } } }'],
  ['first -1', '{ organizationsConnection(first: -1) { totalCount } }'],
  ['first past the maximum', '{ organizationsConnection(first: 100000) { totalCount } }'],
  ['cursor arrayconnection:-5', `{ organizationsConnection(first: 1, after: "${cursor('arrayconnection:-5')}") { totalCount } }`],
  ['cursor past 2^31', `{ organizationsConnection(first: 1, after: "${cursor('arrayconnection:99999999999')}") { totalCount } }`],
  ['cursor not base64', '{ organizationsConnection(first: 1, after: "%%%") { totalCount } }'],
  ['coordinations offset 2147483647', '{ coordinations(offset: 2147483647) { totalCount } }'],
  ['collaborationNetwork edgeOffset -1', '{ collaborationNetwork(edgeOffset: -1) { totalEdges } }'],
] as const) {
  add('page arguments', name, json(query));
}
add('page arguments', 'offset -1 as a variable', json('query ($o: Int) { organizations(offset: $o) { key } }', { o: -1 }));
add('page arguments', 'offset 2^31 as a variable', json('query ($o: Int) { organizations(offset: $o) { key } }', { o: 2 ** 31 }));

// Operations ecograph does not offer, and answers that would echo or multiply the request.
add('not offered', 'subscription', json('subscription { __typename }'));
add('not offered', 'subscription with a name', json('subscription Changes { __typename }'));
add('echo', 'operationName of 200 KB', json('{ __typename }', undefined, { operationName: 'X'.repeat(200_000) }));
add('echo', 'unknown field of 100 KB', json(`{ ${'a'.repeat(100_000)} }`));
add(
  'echo',
  '100 000 wrong-typed variables',
  json('query ($k: [OrganizationKind!]) { organizations(where: { kind: { in: $k } }) { key } }', { k: Array.from({ length: 100_000 }, () => 0) }),
);
add(
  'echo',
  'a 200 KB key that names nothing',
  json('query ($f: ID!) { connections(from: $f, to: "org:vinnova") { length } }', { f: `org:${'x'.repeat(200_000)}` }),
);

const BATCH = 8;
const TIMEOUT_MS = 30_000;

/** Node's own HTTP parser refuses request heads over 16 KiB (431) before Express runs, with no body. */
const HEADER_LIMIT = 431;

interface Outcome {
  category: string;
  name: string;
  status: number;
  ms: number;
  message?: string;
  problem?: string;
}

/** An error answer carries at most 100 errors of at most 1 000 characters each (and a note of what was cut). */
const MAX_ERROR_ANSWER_CHARS = 100 * 1_500;

/** What no answer may carry: a stack trace, a path of the installation, a driver's or Neo4j's own message. */
const INTERNALS =
  /stacktrace|\n\s+at |\/node_modules\/|\/(src|dist)\/[\w/.-]+\.[jt]s|Neo\.(ClientError|TransientError|DatabaseError)|Neo4jError|Invalid input '.*': expected|Variable `.*` not defined/;

function judge(answer: Answer): string | undefined {
  if (answer.status >= 500) return `server error ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (answer.status === HEADER_LIMIT) return undefined;
  if (!answer.body) return `not a JSON answer (${answer.status}): ${answer.text.slice(0, 200)}`;
  const messages = (answer.body.errors ?? []).map((e) => e.message);
  const errorsText = JSON.stringify(answer.body.errors ?? []);
  if (INTERNALS.test(errorsText)) return `internals reached the client: ${errorsText.slice(0, 300)}`;
  const codes = (answer.body.errors ?? []).map((e) => e.extensions?.code);
  if (codes.includes('INTERNAL_SERVER_ERROR')) return `an internal error: ${messages.join(' | ').slice(0, 300)}`;
  if (answer.body.errors && answer.text.length > MAX_ERROR_ANSWER_CHARS) return `an error answer of ${answer.text.length} characters`;
  if (answer.status >= 400) return messages.length && messages.every((m) => m.trim().length > 10) ? undefined : `${answer.status} without a clear message`;
  if (answer.status !== 200) return `unexpected status ${answer.status}`;
  if (!('data' in answer.body) && !answer.body.errors?.length) return '200 without data or errors';
  return undefined;
}

describe('hostile requests', () => {
  let service: RunningService;
  let before: Record<string, number>;
  const outcomes: Outcome[] = [];

  // Room for seeding the 17 files of the default graph on a loaded machine.
  beforeAll(async () => {
    await loadSeedGraph();
    before = await graphFingerprint();
    service = await startTestService();
  }, 300_000);

  afterAll(async () => {
    await service?.stop();
    const byCategory: Record<string, Record<string, number>> = {};
    for (const o of outcomes) {
      const counts = (byCategory[o.category] ??= {});
      counts[o.status] = (counts[o.status] ?? 0) + 1;
    }
    const report = path.join(packageRoot, '.reports', 'hostile.json');
    fs.mkdirSync(path.dirname(report), { recursive: true });
    fs.writeFileSync(report, `${JSON.stringify({ total: outcomes.length, statusesByCategory: byCategory, outcomes }, null, 2)}\n`);
  });

  it('has at least 200 generated operations', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  const categories = [...new Set(cases.map((c) => c.category))];
  it.each(categories)('%s: every request refused with a 4xx and a message, or answered within limits; the server stays up', async (category) => {
    const mine = cases.filter((c) => c.category === category);
    const problems: string[] = [];
    for (let i = 0; i < mine.length; i += BATCH) {
      await Promise.all(
        mine.slice(i, i + BATCH).map(async (c) => {
          const started = Date.now();
          try {
            const answer = await send(service.url, c.request, TIMEOUT_MS);
            const problem = judge(answer);
            outcomes.push({
              category,
              name: c.name,
              status: answer.status,
              ms: Date.now() - started,
              message: answer.body?.errors?.[0]?.message?.slice(0, 200),
              ...(problem ? { problem } : {}),
            });
            if (problem) problems.push(`${c.name}: ${problem}`);
          } catch (error) {
            outcomes.push({ category, name: c.name, status: 0, ms: Date.now() - started, problem: String(error) });
            problems.push(`${c.name}: ${String(error)}`);
          }
        }),
      );
      const live = await fetch(`${service.url}/health/live`, { signal: AbortSignal.timeout(5_000) });
      const ready = await fetch(`${service.url}/health/ready`, { signal: AbortSignal.timeout(5_000) });
      expect([live.status, ready.status]).toEqual([200, 200]);
    }
    expect(problems).toEqual([]);
  });

  // Priced by the graph's own sizes, two small fragment "bombs" are now answered, and rightly:
  // 2^4 or 2^9 spreads of the same three fields, which GraphQL merges into three (12 organizations
  // × 1 536 fields < 50 000; answered in half a second). Everything else is refused as before.
  it('refused the bombs: every depth bomb, fragment cycle and alias flood, and fragments spread 2^14 times or more', () => {
    const answerable = /^binary x(5|10)$|^ternary on Query x(5|10)$/;
    const bombs = outcomes.filter((o) => ['depth bomb', 'fragment cycle', 'alias flood', 'fragment bomb'].includes(o.category) && !answerable.test(o.name));
    expect(bombs.length).toBeGreaterThan(60);
    expect(bombs.filter((o) => o.status !== 400).map((o) => `${o.name}: ${o.status}`)).toEqual([]);
  });

  it('changed no data: node and relationship counts and property checksums are as before', async () => {
    expect(await graphFingerprint()).toEqual(before);
  });
});

/** The catalogue's answers to each kind of bad input: status, code, and a message naming what is wrong. */
describe('bad input, answered by name', () => {
  let service: RunningService;
  let before: Record<string, number>;
  const logs: Record<string, unknown>[] = [];
  let editor: string;

  beforeAll(async () => {
    await loadSeedGraph();
    before = await graphFingerprint();
    service = await startTestService({ AUTH_JWT_SECRET: TEST_SECRET, AUTH_ISSUER: TEST_ISSUER, AUTH_AUDIENCE: TEST_AUDIENCE }, logs);
    editor = await signToken({ roles: ['editor'] });
  });
  afterAll(async () => {
    await service?.stop();
  });

  const asEditor = (query: string, variables?: Record<string, unknown>) => post(service.url, query, variables, { authorization: `Bearer ${editor}` });

  it.each([
    ['{ organizations(limit: -1) { key } }', 'limit must be a whole number from 0 to 500; got -1'],
    ['{ organizations(offset: -1) { key } }', 'offset must be a whole number from 0 to 2147483647; got -1'],
    ['{ organizationsConnection(first: -1) { totalCount } }', 'first must be a whole number from 0 to 500; got -1'],
    [`{ organizationsConnection(first: 1, after: "${cursor('arrayconnection:-5')}") { totalCount } }`, 'after is not a cursor this API gave out'],
    ['{ coordinations(offset: 2147483647) { totalCount } }', 'offset must be a whole number from 0 to 1000000; got 2147483647'],
  ])('%s: 400 BAD_USER_INPUT naming the argument and its range, before Neo4j', async (query, message) => {
    const answer = await post(service.url, query);
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(answer.body?.errors?.[0]?.message).toContain(message);
  });

  it.each([
    ['connections from', '{ connections(from: "org:hostile-nothing", to: "org:vinnova") { length } }', 'from'],
    ['connections to', '{ connections(from: "org:vinnova", to: "org:hostile-nothing") { length } }', 'to'],
    ['collaborationNetwork around', '{ collaborationNetwork(around: "org:hostile-nothing") { totalEdges } }', 'around'],
  ])('a key that names nothing (%s): 400 BAD_USER_INPUT in every resolver, naming the argument', async (_name, query, argumentName) => {
    const answer = await post(service.url, query);
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]).toMatchObject({
      message: 'No entity has the key "org:hostile-nothing"',
      extensions: { code: 'BAD_USER_INPUT', argumentName },
    });
  });

  it('answers 401 and 403 with their code and message only: no stack trace, path or library message', async () => {
    const mutation = 'mutation { deleteOrganizations(where: { key: { eq: "org:hostile-nothing" } }) { nodesDeleted } }';
    const reader = await signToken({ roles: ['reader'] });
    const answers = {
      badToken: await post(service.url, '{ __typename }', undefined, { authorization: 'Bearer x.y.z' }),
      noToken: await post(service.url, mutation),
      reader: await post(service.url, mutation, undefined, { authorization: `Bearer ${reader}` }),
      shouting: await post(service.url, mutation, undefined, { authorization: `Bearer ${await signToken({ roles: ['EDITOR', ' Admin '] })}` }),
    };
    expect(Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, [a.status, a.body?.errors?.[0]?.extensions?.code]]))).toEqual({
      badToken: [401, 'UNAUTHENTICATED'],
      noToken: [401, 'UNAUTHENTICATED'],
      reader: [403, 'FORBIDDEN'],
      shouting: [403, 'FORBIDDEN'],
    });
    for (const answer of Object.values(answers)) {
      expect(answer.text).not.toMatch(INTERNALS);
      expect(Object.keys(answer.body?.errors?.[0]?.extensions ?? {}).sort()).toEqual(expect.not.arrayContaining(['stacktrace', 'exception']));
    }
  });

  it('refuses subscriptions with 400 NOT_SUPPORTED, saying they are not offered and why', async () => {
    const answer = await post(service.url, 'subscription { __typename }');
    expect(answer.status).toBe(400);
    expect(answer.body?.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_SUPPORTED' }) as unknown })]);
    expect(answer.body?.errors?.[0]?.message).toMatch(/^Subscriptions are not offered: .*Neo4j Community, which has no change data capture/);
  });

  it('answers 100 000 wrong-typed variables with a bounded 400 and no internal error', async () => {
    // 0 for an enum: two bytes each, so that the 100 000 fit in the body limit (HTTP_MAX_BODY_BYTES).
    const answer = await post(service.url, 'query ($k: [OrganizationKind!]) { organizations(where: { kind: { in: $k } }) { key } }', {
      k: Array.from({ length: 100_000 }, () => 0),
    });
    expect({ status: answer.status, text: answer.text.slice(0, 500) }).toMatchObject({ status: 400 });
    const codes = new Set(answer.body?.errors?.map((e) => e.extensions?.code));
    expect(codes).toEqual(new Set(['BAD_USER_INPUT']));
    expect(answer.body?.errors?.[0]?.message).toMatch(/^More than 50 variables have invalid values; the first: Variable "\$k" got invalid value/);
    expect(answer.text.length).toBeLessThan(5_000);
  });

  it('bounds an answer that would echo a 200 KB operationName', async () => {
    const answer = await send(service.url, json('{ __typename }', undefined, { operationName: 'X'.repeat(200_000) }));
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/more characters\)/);
    expect(answer.text.length).toBeLessThan(3_000);
  });

  it('answers a create with a taken key 409 CONFLICT naming the key and where it is given; nothing is written', async () => {
    const taken = await asEditor(
      'mutation { createOrganizations(input: [{ key: "org:umea-university", name: "Copy", aliases: [], sourceKeys: [], kind: OTHER }]) { organizations { key } } }',
    );
    expect({ status: taken.status, errors: taken.body?.errors }).toMatchObject({ status: 409 });
    expect(taken.body?.errors?.[0]).toMatchObject({
      message: 'The key "org:umea-university" is taken: a node of type Organization has it already (keys are unique); choose another key, or update that node',
      extensions: { code: 'CONFLICT', key: 'org:umea-university', argumentName: 'createOrganizations.input[0].key' },
    });

    // A key another type of entity has (all entities share one key space), given in a nested create.
    const project = (await post<{ projects: { key: string }[] }>(service.url, '{ projects(limit: 1) { key } }')).body?.data?.projects[0]?.key;
    const nested = await asEditor(
      `mutation ($key: ID!) { createProjects(input: [{ key: "project:hostile-new", name: "New", aliases: [], sourceKeys: [], externalLinks: [],
         fundedBy: { create: [{ edge: { sourceKeys: [] }, node: { key: $key, name: "Funder", aliases: [], sourceKeys: [], kind: FUNDING_AGENCY } }] } }]) { projects { key } } }`,
      { key: project },
    );
    expect({ status: nested.status, errors: nested.body?.errors }).toMatchObject({ status: 409 });
    expect(nested.body?.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT', key: project, argumentName: 'createProjects.input[0].fundedBy.create[0].node.key' },
    });
    expect(nested.body?.errors?.[0]?.message).toContain('a node of type Project has it already');

    const twice = await asEditor(
      'mutation { createOrganizations(input: [{ key: "org:hostile-twice", name: "A", aliases: [], sourceKeys: [], kind: OTHER }, { key: "org:hostile-twice", name: "B", aliases: [], sourceKeys: [], kind: OTHER }]) { organizations { key } } }',
    );
    expect({ status: twice.status, errors: twice.body?.errors }).toMatchObject({ status: 409 });
    expect(twice.body?.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT', key: 'org:hostile-twice', argumentName: 'createOrganizations.input[1].key' },
    });
    expect(await graphFingerprint()).toEqual(before);
  });

  it('refuses a body declared larger than HTTP_MAX_BODY_BYTES before reading it, and closes the connection', async () => {
    const { port } = new URL(service.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
    await new Promise((resolve) => socket.once('connect', resolve));
    const sent = Date.now();
    socket.write('POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n{"query":');
    // A slow sender: a byte now and then, far from the 10 MiB declared.
    const drip = setInterval(() => socket.writable && socket.write(' '), 200);
    try {
      const closedAt = await Promise.race([closed, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('still open after 5 s')), 5_000))]);
      expect(closedAt - sent).toBeLessThan(5_000);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toContain('Request body of 10485760 bytes exceeds the maximum of 262144 bytes (HTTP_MAX_BODY_BYTES)');
  });

  it('answers an internal error with its code and the request id only, and logs it once under that id', async () => {
    const driver = testDriver();
    try {
      // A node no write path makes: a Project without the lists the model promises.
      await driver.executeQuery("CREATE (:Project:Entity {key: 'project:hostile-broken', name: 'Broken'})", {}, { database: testConnection().database });
      const answer = await post(service.url, '{ projects(where: { key: { eq: "project:hostile-broken" } }) { key externalLinks } }', undefined, {
        'x-request-id': 'hostile-internal-1',
      });
      expect(answer.status).toBe(500);
      expect(answer.body?.errors).toEqual([
        {
          message: 'Internal error: ecograph could not answer this request; the details are in its log under request id hostile-internal-1',
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'hostile-internal-1' },
          locations: expect.any(Array) as unknown,
          path: expect.any(Array) as unknown,
        },
      ]);
      const logged = logs.filter((line) => line.msg === 'internal error' && line.requestId === 'hostile-internal-1');
      expect(logged).toHaveLength(1);
      expect(JSON.stringify(logged[0])).toContain('Cannot return null for non-nullable field Project.externalLinks');
    } finally {
      await driver.executeQuery("MATCH (n {key: 'project:hostile-broken'}) DELETE n", {}, { database: testConnection().database });
      await driver.close();
    }
  });

  it('shows stack traces and the libraries’ messages only to a developer who asks (ECOGRAPH_DEBUG=true)', async () => {
    const debug = await startTestService({ ECOGRAPH_DEBUG: 'true' });
    const driver = testDriver();
    try {
      await driver.executeQuery("CREATE (:Project:Entity {key: 'project:hostile-broken', name: 'Broken'})", {}, { database: testConnection().database });
      const answer = await post(debug.url, '{ projects(where: { key: { eq: "project:hostile-broken" } }) { key externalLinks } }');
      expect(answer.body?.errors?.[0]?.message).toBe('Cannot return null for non-nullable field Project.externalLinks.');
      expect(answer.body?.errors?.[0]?.extensions?.stacktrace).toEqual(expect.arrayContaining([expect.stringMatching(/^\s+at /)]));
      const unauthenticated = await post(service.url, '{ __typename }', undefined, { authorization: 'Bearer x.y.z' });
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.text).not.toMatch(INTERNALS);
    } finally {
      await driver.executeQuery("MATCH (n {key: 'project:hostile-broken'}) DELETE n", {}, { database: testConnection().database });
      await driver.close();
      await debug.stop();
    }
  });
});
