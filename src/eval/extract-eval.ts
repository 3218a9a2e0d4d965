import fs from 'node:fs';
import path from 'node:path';
import { execute, parse } from 'graphql';
import { graphSchema } from '../graph/schema';
import { importSeedsAndData } from '../importer/import-seeds';
import type { Store } from '../importer/store';
import { createRequestContext } from '../request/context';
import { extractDocuments } from '../sources/extract';

/** One mismatch: the page, the field, what the truth says and what the graph answered. */
export interface Mismatch {
  url: string;
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface EvalReport {
  pages: number;
  /** Field → [right, total]. */
  fields: Map<string, [number, number]>;
  mismatches: Mismatch[];
  /** Truth files whose page was not among the documents. */
  unmatched: string[];
}

/** The truth's statuses, as written, in the model's terms: an oracle of its own, apart from the adapters. */
const TRUTH_STATUS: Record<string, string> = { completed: 'COMPLETED', avslutat: 'COMPLETED', ongoing: 'ONGOING', pågående: 'ONGOING' };

const QUERY = parse(`
  query Answers($url: String!) {
    sources(where: { url: { eq: $url } }) {
      key language
      states {
        __typename
        ... on Project {
          name referenceNumber status start startPrecision end endPrecision
          fundedByConnection { edges { properties { amount currency } node { name } } }
          coordinators { __typename ... on Organization { name aliases } ... on Region { name aliases } ... on Person { name aliases } }
        }
        ... on Ecosystem {
          name
          locatedIn { __typename ... on Country { name } }
          focusesOnConnection { edges { properties { current } node { name } } }
          keyLinksConnection { edges { properties { label position } } }
          coordinators {
            __typename
            ... on Person { name rolesConnection { edges { properties { title } node { __typename ... on Organization { name aliases } ... on Region { name aliases } } } } }
          }
        }
      }
    }
  }
`);

interface Named {
  name: string;
  aliases?: string[];
}
interface ProjectAnswer {
  __typename: 'Project';
  name: string;
  referenceNumber: string | null;
  status: string | null;
  start: string | null;
  startPrecision: string | null;
  end: string | null;
  endPrecision: string | null;
  fundedByConnection: { edges: { properties: { amount: number | null; currency: string | null }; node: Named }[] };
  coordinators: Named[];
}
interface EcosystemAnswer {
  __typename: 'Ecosystem';
  name: string;
  locatedIn: { __typename: string; name: string }[];
  focusesOnConnection: { edges: { properties: { current: boolean | null }; node: Named }[] };
  keyLinksConnection: { edges: { properties: { label: string | null; position: number | null } }[] };
  coordinators: { __typename: string; name: string; rolesConnection?: { edges: { properties: { title: string }; node: Named }[] } }[];
}
type Answer = ProjectAnswer | EcosystemAnswer | { __typename: string };
const month = (date: string | null | undefined, precision: string | null | undefined) => (date && precision !== 'YEAR' ? date.slice(0, 7) : null);
const writtenAs = (entity: Named, written: string) => entity.name === written || (entity.aliases ?? []).includes(written);
const sameSet = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

function readTruth(dir: string): Record<string, unknown>[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of fs.readdirSync(d)) {
      const p = path.join(d, f);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.json')) files.push(p);
    }
  };
  walk(dir);
  return files.sort().map((f) => ({ ...(JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, unknown>), truthFile: f }));
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Extracts the pages, imports them into `driver`'s database (which should be fresh), reads the
 * answers back through the GraphQL API (the schema the server serves, executed in process) and
 * compares them, field by field, with what a careful curator read off each page.
 */
export async function evaluateExtraction(store: Store, pages: string[], truthDir: string): Promise<EvalReport> {
  const { driver, database, model } = store;
  const extraction = await extractDocuments(model, pages);
  await importSeedsAndData(
    store,
    [],
    extraction.documents.map((d) => ({ file: d.file, seed: d.seed })),
  );
  const { schema } = await graphSchema(driver, database, model);
  const urlOf = (url: unknown) => (typeof url === 'string' ? url : '');
  const urls = new Map(extraction.documents.map((d) => [trimSlash(urlOf(d.seed.source.url)), urlOf(d.seed.source.url)]));

  const report: EvalReport = { pages: 0, fields: new Map(), mismatches: [], unmatched: [] };
  const check = (url: string, field: string, expected: unknown, actual: unknown, right: boolean) => {
    const [r, t] = report.fields.get(field) ?? [0, 0];
    report.fields.set(field, [r + (right ? 1 : 0), t + 1]);
    if (!right) report.mismatches.push({ url, field, expected, actual });
  };

  for (const truth of readTruth(truthDir)) {
    const url = urls.get(trimSlash(String(truth.url)));
    if (!url) {
      report.unmatched.push(String(truth.truthFile));
      continue;
    }
    report.pages++;
    const result = await execute({
      schema,
      document: QUERY,
      variableValues: { url },
      contextValue: createRequestContext(driver, database, { timeoutMs: 30_000 }),
    });
    if (result.errors?.length) throw new Error(`the GraphQL API answered with errors: ${result.errors.map((e) => e.message).join('; ')}`);
    const source = (result.data?.sources as { language: string | null; states: Answer[] }[])[0];
    if (truth.kind === 'vinnova-project') {
      const project = source?.states.find((s): s is ProjectAnswer => s.__typename === 'Project');
      const funding = project?.fundedByConnection.edges ?? [];
      const coordinators = project?.coordinators ?? [];
      const written = typeof truth.status === 'string' ? truth.status : undefined;
      const status = written ? (TRUTH_STATUS[written.toLowerCase()] ?? written.toUpperCase()) : null;
      const answers: [string, unknown, unknown, boolean][] = [
        ['title', truth.title, project?.name ?? null, truth.title === (project?.name ?? null)],
        ['referenceNumber', truth.referenceNumber, project?.referenceNumber ?? null, truth.referenceNumber === (project?.referenceNumber ?? null)],
        [
          'coordinator',
          truth.coordinator,
          coordinators.map((c) => [c.name, ...(c.aliases ?? [])]),
          truth.coordinator === null ? coordinators.length === 0 : coordinators.some((c) => writtenAs(c, String(truth.coordinator))),
        ],
        ['funder', truth.funder, funding.map((f) => f.node.name), funding.some((f) => f.node.name === truth.funder)],
        [
          'fundingSEK',
          truth.fundingSEK,
          funding.map((f) => `${f.properties.amount} ${f.properties.currency}`),
          funding.some((f) => f.properties.amount === truth.fundingSEK && f.properties.currency === 'SEK'),
        ],
        ['startMonth', truth.startMonth, month(project?.start, project?.startPrecision), truth.startMonth === month(project?.start, project?.startPrecision)],
        ['endMonth', truth.endMonth, month(project?.end, project?.endPrecision), truth.endMonth === month(project?.end, project?.endPrecision)],
        ['status', status, project?.status ?? null, status === (project?.status ?? null)],
        ['language', truth.language, source?.language ?? null, truth.language === (source?.language ?? null)],
      ];
      for (const [field, expected, actual, right] of answers) check(url, field, expected, actual, right);
    } else if (truth.kind === 'echalliance-ecosystem') {
      const ecosystem = source?.states.find((s): s is EcosystemAnswer => s.__typename === 'Ecosystem');
      const focus = (ecosystem?.focusesOnConnection.edges ?? []).filter((e) => e.properties.current).map((e) => e.node.name);
      const links = [...(ecosystem?.keyLinksConnection.edges ?? [])]
        .sort((a, b) => (a.properties.position ?? 0) - (b.properties.position ?? 0))
        .map((e) => e.properties.label);
      const people = (ecosystem?.coordinators ?? []).filter((c) => c.__typename === 'Person');
      const expectedCoordinators = truth.coordinators as { name: string; position: string | null; organisation: string | null }[];
      const coordinatorsRight =
        people.length === expectedCoordinators.length &&
        expectedCoordinators.every((c) => {
          const person = people.find((p) => p.name === c.name);
          const roles = person?.rolesConnection?.edges ?? [];
          return (
            person &&
            (c.position === null
              ? roles.length === 0
              : roles.some((r) => r.properties.title === c.position && (c.organisation === null || writtenAs(r.node, c.organisation))))
          );
        });
      const countries = (ecosystem?.locatedIn ?? []).filter((p) => p.__typename === 'Country').map((p) => p.name);
      const answers: [string, unknown, unknown, boolean][] = [
        ['name', truth.name, ecosystem?.name ?? null, truth.name === (ecosystem?.name ?? null)],
        ['country', truth.country, countries, countries.length === 1 && countries[0] === truth.country],
        ['focusAreas', truth.focusAreas, focus, sameSet(focus, truth.focusAreas as string[])],
        ['keyLinks', truth.keyLinks, links, JSON.stringify(links) === JSON.stringify(truth.keyLinks)],
        [
          'coordinators',
          expectedCoordinators,
          people.map((p) => ({ name: p.name, roles: (p.rolesConnection?.edges ?? []).map((r) => `${r.properties.title} at ${r.node.name}`) })),
          coordinatorsRight,
        ],
      ];
      for (const [field, expected, actual, right] of answers) check(url, field, expected, actual, right);
    }
  }
  return report;
}

export function formatReport(report: EvalReport): string {
  const lines = [`${report.pages} pages compared with the truth`];
  let right = 0;
  let total = 0;
  for (const [field, [r, t]] of report.fields) {
    lines.push(`  ${field.padEnd(16)} ${String(r).padStart(3)}/${String(t).padEnd(3)} ${((100 * r) / t).toFixed(1).padStart(5)} %`);
    right += r;
    total += t;
  }
  lines.push(
    `  ${'all fields'.padEnd(16)} ${String(right).padStart(3)}/${String(total).padEnd(3)} ${total ? ((100 * right) / total).toFixed(1).padStart(5) : '  -  '} %`,
  );
  if (report.mismatches.length) {
    lines.push('mismatches:');
    for (const m of report.mismatches) lines.push(`  ${m.url} ${m.field}: expected ${JSON.stringify(m.expected)}, the graph says ${JSON.stringify(m.actual)}`);
  }
  for (const file of report.unmatched) lines.push(`no page among the documents for ${file}`);
  return lines.join('\n');
}
