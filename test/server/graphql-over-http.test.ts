import fs from 'node:fs';
import path from 'node:path';
import { type Audit, type AuditResult, serverAudits } from 'graphql-http';
import { packageRoot } from '../../src/paths';
import type { RunningService } from '../../src/service';
import { startTestService } from '../support/graphql-http-client';

/**
 * The GraphQL over HTTP specification's audits (graphql-http's serverAudits) against the live
 * server: every MUST passes; SHOULD and MAY results are recorded in .reports/graphql-http-audits.json.
 */
const REPORT = path.join(packageRoot, '.reports', 'graphql-http-audits.json');

let service: RunningService | undefined;
const audits = serverAudits({ url: () => `${service!.url}/graphql`, fetchFn: fetch });
const results = new Map<string, AuditResult>();

async function run(audit: Audit): Promise<AuditResult> {
  const result = await audit.fn();
  results.set(audit.id, result);
  return result;
}

beforeAll(async () => {
  service = await startTestService();
});

afterAll(async () => {
  await service?.stop();
  const all = audits.map((a) => results.get(a.id)).filter((r): r is AuditResult => r !== undefined);
  const level = (name: string) => name.split(' ')[0]!;
  const summary = (req: string) => {
    const of = all.filter((r) => level(r.name) === req);
    return { total: of.length, passed: of.filter((r) => r.status === 'ok').length };
  };
  const notOk = all.filter((r) => r.status !== 'ok').map((r) => ({ id: r.id, name: r.name, status: r.status, reason: 'reason' in r ? r.reason : '' }));
  const report = { generatedAt: new Date().toISOString(), MUST: summary('MUST'), SHOULD: summary('SHOULD'), MAY: summary('MAY'), notOk };
  fs.mkdirSync(path.dirname(REPORT), { recursive: true });
  fs.writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `GraphQL over HTTP audits: MUST ${report.MUST.passed}/${report.MUST.total}, SHOULD ${report.SHOULD.passed}/${report.SHOULD.total}, MAY ${report.MAY.passed}/${report.MAY.total}` +
      (notOk.length ? `\nnot ok:\n${notOk.map((r) => `  [${r.status}] ${r.name}: ${r.reason}`).join('\n')}` : ''),
  );
});

describe('GraphQL over HTTP: MUST', () => {
  test.each(audits.filter((a) => a.name.startsWith('MUST')).map((a) => [a.name, a] as const))('%s', async (_name, audit) => {
    const result = await run(audit);
    expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
  });
});

describe('GraphQL over HTTP: SHOULD and MAY (recommendations: recorded, not required)', () => {
  test.each(audits.filter((a) => !a.name.startsWith('MUST')).map((a) => [a.name, a] as const))('%s', async (_name, audit) => {
    const result = await run(audit);
    // A recommendation may warn, but an audit must never find a server error.
    expect(result.status).not.toBe('error');
    if (result.status !== 'ok') expect(result.response.status).toBeLessThan(500);
  });
});
