import { parseTree, findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';
import { parseWrittenDate } from '../dates';
import { DocumentProblem, type ExtractionWarning, type SourceDocument } from '../document';
import { cleanSpaces, looseLabel } from '../text';
import { STATUSES } from './labels';
import { REFERENCE_NUMBER } from './page';
import type { SectionField, VinnovaProject } from './project';

/** The fields of a record of Vinnova's open project data (data.vinnova.se/api/projekt/…). */
export const OPEN_DATA_FIELDS = [
  'Diarienummer',
  'Ärenderubrik',
  'ÄrenderubrikEngelska',
  'BeviljatBidrag',
  'ProjektStart',
  'ProjektSlut',
  'KoordinatorOrg',
  'KoordinatorArb',
  'Status',
  'MalSvenska',
  'MalEngelska',
  'ResultatSvenska',
  'ResultatEngelska',
  'ImplementationSvenska',
  'ImplementationEngelska',
  'Projektreferat',
  'LankLista',
  'DiarienummerUtlysning',
  'DiarienummerAnsokningsomgang',
  'DiarienummerProgram',
] as const;

/** True when the text is a JSON array of records with Vinnova's open-data fields. */
export function isVinnovaOpenData(text: string): boolean {
  if (!/^\s*\[/.test(text)) return false;
  return /"(?:Diarienummer|Ärenderubrik|ÄrenderubrikEngelska|BeviljatBidrag|KoordinatorOrg)"\s*:/.test(text.slice(0, 20_000));
}

const text = (value: unknown) => (typeof value === 'string' && cleanSpaces(value) !== '' ? value.trim() : undefined);

/**
 * Vinnova's open project data: a JSON array of records. Each record becomes a project; fields
 * that cannot be read are warnings (with the record's line) and stay empty.
 */
export function parseVinnovaOpenData(doc: SourceDocument): { projects: VinnovaProject[]; warnings: ExtractionWarning[] } {
  let data: unknown;
  try {
    data = JSON.parse(doc.raw);
  } catch (error) {
    throw new DocumentProblem(doc.file, `malformed JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) throw new DocumentProblem(doc.file, 'Vinnova open data is a JSON array of project records; this is not an array');
  let tree: JsonNode | undefined;
  const lineOf = (index: number, field?: string) => {
    tree ??= parseTree(doc.raw);
    const node = tree && (findNodeAtLocation(tree, field ? [index, field] : [index]) ?? findNodeAtLocation(tree, [index]));
    return node ? doc.raw.slice(0, node.offset).split('\n').length : undefined;
  };
  const warnings: ExtractionWarning[] = [];
  const warn = (index: number, field: string, value: unknown, message: string) =>
    warnings.push({
      file: doc.file,
      ...(lineOf(index, field) !== undefined ? { line: lineOf(index, field)! } : {}),
      text: String(value),
      message: `${field}: ${message}`,
    });

  const projects: VinnovaProject[] = [];
  data.forEach((record: unknown, index) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      warnings.push({ file: doc.file, ...(lineOf(index) ? { line: lineOf(index)! } : {}), message: `record ${index + 1} is not an object; left out` });
      return;
    }
    const r = record as Record<string, unknown>;
    const swedishTitle = text(r.Ärenderubrik);
    const englishTitle = text(r.ÄrenderubrikEngelska);
    const title = swedishTitle ?? englishTitle;
    if (!title) {
      warnings.push({
        file: doc.file,
        ...(lineOf(index) ? { line: lineOf(index)! } : {}),
        message: `record ${index + 1} has no title (Ärenderubrik, ÄrenderubrikEngelska); left out`,
      });
      return;
    }
    const project: VinnovaProject = {
      language: swedishTitle ? 'sv' : 'en',
      title,
      otherTitles: [englishTitle, swedishTitle].filter((t): t is string => Boolean(t) && t !== title),
      funder: 'Vinnova',
      calls: [],
      sections: {},
      externalLinks: [],
      machineTranslated: false,
    };
    const reference = text(r.Diarienummer);
    if (reference && REFERENCE_NUMBER.test(reference)) project.referenceNumber = reference;
    else if (reference) warn(index, 'Diarienummer', reference, 'not a reference number (YYYY-NNNNN); left empty');

    if (r.BeviljatBidrag !== undefined && r.BeviljatBidrag !== null && r.BeviljatBidrag !== '') {
      const amount =
        typeof r.BeviljatBidrag === 'number'
          ? r.BeviljatBidrag
          : Number((typeof r.BeviljatBidrag === 'string' ? r.BeviljatBidrag : '').replace(/[\s\u00a0]/g, '').replace(',', '.'));
      if (Number.isFinite(amount) && amount >= 0) {
        project.amount = amount;
        project.currency = 'SEK';
      } else warn(index, 'BeviljatBidrag', r.BeviljatBidrag, 'the amount cannot be read; left empty');
    }
    for (const [field, target] of [
      ['ProjektStart', 'start'],
      ['ProjektSlut', 'end'],
    ] as const) {
      const value = text(r[field]);
      if (!value) continue;
      const date = parseWrittenDate(value.replace(/T00:00:00(?:\.0+)?Z?$/, ''));
      if (date) project[target] = date;
      else warn(index, field, value, 'the date cannot be read (YYYY-MM-DDTHH:MM:SS); left empty');
    }
    const status = text(r.Status);
    if (status) {
      const known = STATUSES[looseLabel(status)];
      if (known) project.status = known;
      else warn(index, 'Status', status, 'unknown status; left empty');
    }
    const organisation = text(r.KoordinatorOrg);
    const unit = text(r.KoordinatorArb);
    if (organisation) project.coordinatorParts = { organisation, ...(unit ? { unit } : {}) };
    else if (unit) warn(index, 'KoordinatorArb', unit, 'a coordinating unit without its organisation (KoordinatorOrg); left out');
    const sections: [SectionField, unknown, unknown][] = [
      ['purpose', r.MalSvenska, r.MalEngelska],
      ['results', r.ResultatSvenska, r.ResultatEngelska],
      ['approach', r.ImplementationSvenska, r.ImplementationEngelska],
    ];
    for (const [field, swedish, english] of sections) {
      const value = project.language === 'sv' ? (text(swedish) ?? text(english)) : (text(english) ?? text(swedish));
      if (value) project.sections[field] = value;
    }
    const summary = text(r.Projektreferat);
    if (summary) project.sections.description = summary;
    if (Array.isArray(r.LankLista)) {
      for (const link of r.LankLista as unknown[]) {
        const address = typeof link === 'object' && link ? text((link as Record<string, unknown>).Lankadress) : undefined;
        if (address) project.externalLinks.push(address);
      }
    }
    for (const [field, level] of [
      ['DiarienummerProgram', 'PROGRAMME'],
      ['DiarienummerUtlysning', 'CALL'],
      ['DiarienummerAnsokningsomgang', 'APPLICATION_ROUND'],
    ] as const) {
      const value = text(r[field]);
      if (value) project.calls.push({ level, referenceNumber: value });
    }
    projects.push(project);
  });
  if (projects.length === 0 && data.length > 0)
    throw new DocumentProblem(doc.file, 'no record of the array could be read as a Vinnova project (each needs Ärenderubrik or ÄrenderubrikEngelska)');
  return { projects, warnings };
}
