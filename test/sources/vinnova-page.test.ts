import { documentFromText } from '../../src/sources/document';
import { parseVinnovaPage } from '../../src/sources/vinnova/page';

const parse = (text: string) => parseVinnovaPage(documentFromText('page.txt', text));

const ENGLISH_LINES = `URL: https://www.vinnova.se/en/p/a-project/

Your browser doesn't support javascript. This means that the content or functionality of our website will be limited or unavailable.

A project title

Reference number
Coordinator KAROLINSKA INSTITUTET - Karolinska Institutet
Funding from Vinnova SEK 1\u00a0234\u00a0567
Project duration March 2019 - February 2021
Status Completed
Venture Vision-driven health
Call Health Missions

Purpose and goal

** Denna text är maskinöversatt ** The aim is to do things.

Expected results and effects

Good results.

External links

https://example.org/x

The project description has been provided by the project members themselves and the text has not been looked at by our editors.

Last updated 21 June 2022

Reference number 2019-01234

Page statistics`;

const SWEDISH_TABLE = `URL: https://www.vinnova.se/p/ett-projekt/

Ett projekt
| Diarienummer | 2020-00001 |
| Koordinator | Region Skåne |
| Bidrag från Vinnova | 2 500 000 kronor |
| Projektets löptid | oktober 2020 - maj 2022 |
| Status | Pågående |
| Utlysning | Visionsdriven hälsa |
| Ansökningsomgång | Visionsdriven hälsa - planeringsprojekt |
Viktiga resultat som projektet gav
Resultat.
Långsiktiga effekter som förväntas
Effekter.
Upplägg och genomförande
Upplägg.
Senast uppdaterad 8 december 2017`;

describe('the Vinnova project page adapter', () => {
  it('reads an English page in `Label value` lines, the reference number from its foot', () => {
    const { project, warnings } = parse(ENGLISH_LINES);
    expect(warnings).toEqual([]);
    expect(project).toMatchObject({
      language: 'en',
      title: 'A project title',
      referenceNumber: '2019-01234',
      coordinator: 'KAROLINSKA INSTITUTET - Karolinska Institutet',
      funder: 'Vinnova',
      amount: 1234567,
      currency: 'SEK',
      start: { year: 2019, month: 3, precision: 'MONTH' },
      end: { year: 2021, month: 2, precision: 'MONTH' },
      status: 'COMPLETED',
      calls: [
        { level: 'CALL', name: 'Vision-driven health' },
        { level: 'APPLICATION_ROUND', name: 'Health Missions' },
      ],
      sections: { purpose: 'The aim is to do things.', expectedResults: 'Good results.' },
      externalLinks: ['https://example.org/x'],
      lastUpdated: { year: 2022, month: 6, day: 21, precision: 'DAY' },
      machineTranslated: true,
    });
    expect(project.editorialNote).toMatch(/not been looked at by our editors/);
  });

  it('reads a Swedish page in `| Label | value |` rows', () => {
    const { project, warnings } = parse(SWEDISH_TABLE);
    expect(warnings).toEqual([]);
    expect(project).toMatchObject({
      language: 'sv',
      title: 'Ett projekt',
      referenceNumber: '2020-00001',
      coordinator: 'Region Skåne',
      amount: 2500000,
      currency: 'SEK',
      start: { year: 2020, month: 10 },
      end: { year: 2022, month: 5 },
      status: 'ONGOING',
      sections: { results: 'Resultat.', longTermEffects: 'Effekter.', approach: 'Upplägg.' },
      lastUpdated: { year: 2017, month: 12, day: 8 },
    });
    expect(project.calls.map((c) => c.level)).toEqual(['CALL', 'APPLICATION_ROUND']);
  });

  it('reads the other language in the other layout, rows without edge pipes and blanks', () => {
    const swedishLines = SWEDISH_TABLE.replace(/^\| (.+?) \| (.*?) \|$/gm, '$1 $2');
    expect(parse(swedishLines).project).toMatchObject({ referenceNumber: '2020-00001', status: 'ONGOING', amount: 2500000 });
    const englishTable = `Title\nReference number | |\nCoordinator | X AB |\nFunding from Vinnova | SEK 1 000 000 |\nProject duration | Jan 2018 – Dec 2019 |\nStatus | Ongoing |`;
    const { project } = parse(englishTable);
    expect(project).toMatchObject({ title: 'Title', coordinator: 'X AB', amount: 1000000, start: { year: 2018, month: 1 }, end: { year: 2019, month: 12 } });
    expect(project.referenceNumber).toBeUndefined();
  });

  it('leaves values it cannot read empty, with a warning naming the file, the line and the text', () => {
    const broken = ENGLISH_LINES.replace('SEK 1\u00a0234\u00a0567', 'about a million')
      .replace('March 2019', 'Marsch 2019')
      .replace('Status Completed', 'Status Paused');
    const { project, warnings } = parse(broken);
    expect(project.amount).toBeUndefined();
    expect(project.start).toBeUndefined();
    expect(project.end).toMatchObject({ year: 2021, month: 2 });
    expect(project.status).toBeUndefined();
    expect(warnings).toEqual([
      expect.objectContaining({ file: 'page.txt', line: 9, text: 'about a million' }),
      expect.objectContaining({ file: 'page.txt', line: 10, text: 'Marsch 2019' }),
      expect.objectContaining({ file: 'page.txt', line: 11, text: 'Paused' }),
    ]);
  });

  it('refuses two different reference numbers rather than choosing one', () => {
    const { project, warnings } = parse(ENGLISH_LINES.replace('Reference number\n', 'Reference number 2018-99999\n'));
    expect(project.referenceNumber).toBeUndefined();
    expect(warnings[0]!.message).toMatch(/two reference numbers/);
  });

  it('reads the HTML page, parsed and never run', () => {
    const html = `<!doctype html><html><head><link rel="canonical" href="https://www.vinnova.se/en/p/a-project/">
      <script>globalThis.ran = true; document.write('Status Ongoing')</script></head>
      <body><nav>Menu</nav><main><h1>A project title</h1>
      <table><tr><th>Reference number</th><td>2019-01234</td></tr><tr><th>Coordinator</th><td>Umeå universitet - Institutionen för X</td></tr></table>
      <dl><dt>Funding from Vinnova</dt><dd>SEK&nbsp;1&#160;000&nbsp;000</dd><dt>Project duration</dt><dd>June 2017 - December 2021</dd><dt>Status</dt><dd>Completed</dd></dl>
      <h2>Purpose and goal</h2><p>The <b>aim</b>.</p><img src="x" onerror="globalThis.ran = true"></main></body></html>`;
    const { project, warnings } = parse(html);
    expect((globalThis as { ran?: boolean }).ran).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(project).toMatchObject({
      url: 'https://www.vinnova.se/en/p/a-project/',
      language: 'en',
      title: 'A project title',
      referenceNumber: '2019-01234',
      coordinator: 'Umeå universitet - Institutionen för X',
      amount: 1000000,
      status: 'COMPLETED',
      sections: { purpose: 'The aim.' },
    });
  });
});
