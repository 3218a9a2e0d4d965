import fs from 'node:fs';
import path from 'node:path';
import { importSeedsAndData } from '../../src/importer/import-seeds';
import { packageRoot } from '../../src/paths';
import { documentFromText } from '../../src/sources/document';
import { extractDocuments } from '../../src/sources/extract';
import { parseVinnovaOpenData } from '../../src/sources/vinnova/open-data';
import { emptyGraph, importerSuite, query, writeFixture } from '../importer/support';
import { testModel } from '../support/database';

const CORPUS = path.join(packageRoot, 'test', 'fixtures', 'corpus');

interface Truth {
  title: string;
  referenceNumber: string | null;
  coordinator: string | null;
  fundingSEK: number;
  startMonth: string;
  endMonth: string;
  status: string;
  language: string;
}

const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}T00:00:00`;
};

/** The corpus pages' facts (their truth files) as records of Vinnova's open project data. */
function openDataFromCorpus(): Record<string, unknown>[] {
  const dir = path.join(CORPUS, 'truth', 'vinnova');
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Truth)
    .map((t) => {
      const [organisation, unit] = t.coordinator ? (t.coordinator.split(/ - (.*)/s) as [string, string?]) : [];
      return {
        Diarienummer: t.referenceNumber ?? '',
        Ärenderubrik: t.language === 'sv' ? t.title : '',
        ÄrenderubrikEngelska: t.language === 'en' ? t.title : '',
        BeviljatBidrag: t.fundingSEK,
        ProjektStart: `${t.startMonth}-01T00:00:00`,
        ProjektSlut: lastDay(t.endMonth),
        KoordinatorOrg: organisation ?? '',
        KoordinatorArb: unit ?? '',
        Status: t.status,
        LankLista: [],
        DiarienummerUtlysning: '',
        DiarienummerAnsokningsomgang: '',
        DiarienummerProgram: '',
      };
    });
}

describe('Vinnova open data', () => {
  const context = importerSuite();

  /** The graph minus provenance and wording: projects, grants, coordinators and organisations; dates to the month. */
  async function snapshot() {
    const projects = await query(
      context,
      `MATCH (p:Project)
       OPTIONAL MATCH (p)-[f:FUNDED_BY]->(funder)
       OPTIONAL MATCH (c)-[:COORDINATES]->(p)
       OPTIONAL MATCH (c)-[:PART_OF]->(parent)
       RETURN p.key AS key, p.name AS name, p.referenceNumber AS ref, p.status AS status,
              substring(toString(p.start), 0, 7) AS start, substring(toString(p.end), 0, 7) AS end,
              funder.key AS funder, f.amount AS amount, f.currency AS currency, c.key AS coordinator, parent.key AS parent
       ORDER BY key`,
    );
    const organisations = await query(context, 'MATCH (o:Organization) RETURN o.key AS key, o.name AS name, o.kind AS kind ORDER BY key');
    return { projects, organisations };
  }

  it('a file built from the corpus pages imports to the same graph as the pages', async () => {
    const file = writeFixture(context, 'vinnova-open-data.json', JSON.stringify(openDataFromCorpus(), null, 2));
    await emptyGraph(context);
    const pages = await extractDocuments(testModel(), [path.join(CORPUS, 'vinnova')]);
    await importSeedsAndData(
      context,
      [],
      pages.documents.map((d) => ({ file: d.file, seed: d.seed })),
    );
    const fromPages = await snapshot();

    await emptyGraph(context);
    const openData = await extractDocuments(testModel(), [file]);
    expect(openData.documents.map((d) => d.kind)).toEqual(['vinnova-open-data']);
    expect(openData.warnings).toEqual([]);
    await importSeedsAndData(
      context,
      [],
      openData.documents.map((d) => ({ file: d.file, seed: d.seed })),
    );
    const fromOpenData = await snapshot();

    expect(fromPages.projects).toHaveLength(12);
    expect(fromOpenData).toEqual(fromPages);
  });

  it('warns, with the record’s line, about values it cannot read, and leaves them empty', () => {
    const text = JSON.stringify(
      [
        {
          Diarienummer: '2019-01234',
          ÄrenderubrikEngelska: 'A',
          BeviljatBidrag: 'lots',
          ProjektStart: 'soon',
          Status: 'Paused',
          KoordinatorOrg: 'Lunds universitet',
          KoordinatorArb: 'LU Innovation',
        },
        { Diarienummer: '2019-05678' },
      ],
      null,
      2,
    );
    const { projects, warnings } = parseVinnovaOpenData(documentFromText('open.json', text));
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({
      referenceNumber: '2019-01234',
      title: 'A',
      coordinatorParts: { organisation: 'Lunds universitet', unit: 'LU Innovation' },
    });
    expect(projects[0]!.amount).toBeUndefined();
    expect(projects[0]!.start).toBeUndefined();
    expect(projects[0]!.status).toBeUndefined();
    expect(warnings.map((w) => [w.line, w.text])).toEqual([
      [5, 'lots'],
      [6, 'soon'],
      [7, 'Paused'],
      [11, undefined],
    ]);
  });
});
