import type { PartialDate } from '../../importer/seed-format';
import { parseAmount } from '../amounts';
import { parsePeriod, parseWrittenDate } from '../dates';
import { DocumentProblem, type DocumentLine, type ExtractionWarning, type SourceDocument } from '../document';
import { cleanSpaces, labelledValue, looseLabel } from '../text';
import {
  CALL_LEVELS,
  EDITORIAL_NOTE,
  FUNDER_IN_LABEL,
  FURNITURE,
  LABELS,
  type LabelField,
  MACHINE_TRANSLATED,
  SECTIONS,
  STATUSES,
  SWEDISH_LABELS,
} from './labels';
import type { SectionField, VinnovaProject } from './project';

const FIELDS = Object.keys(LABELS) as LabelField[];
/** Labels that also stand at the foot of a page, after its text sections. */
const FOOTER_FIELDS = new Set<LabelField>(['referenceNumber', 'lastUpdated']);
/** Vinnova's reference (diary) numbers: '2017-02464'. */
export const REFERENCE_NUMBER = /^\d{4}-\d{3,6}(?:-\d{1,3})?$/;

interface LabelLine {
  field: LabelField;
  label: string;
  value: string;
  line: DocumentLine;
}

function labelOf(text: string): Omit<LabelLine, 'line'> | undefined {
  for (const field of FIELDS) {
    const found = labelledValue(text, LABELS[field]);
    if (found) return { field, ...found };
  }
  return undefined;
}

const sectionOf = (text: string) => {
  const clean = looseLabel(text);
  if (clean.split(' ').length > 8) return undefined;
  return SECTIONS.find(([pattern]) => pattern.test(clean))?.[1];
};
const isFurniture = (text: string) => FURNITURE.some((pattern) => pattern.test(cleanSpaces(text)));

/** Whether `value` reads as the field's value: for a value written on the line after its label. */
function readsAs(field: LabelField, value: string): boolean {
  switch (field) {
    case 'referenceNumber':
      return REFERENCE_NUMBER.test(value);
    case 'funding':
      return parseAmount(value) !== undefined;
    case 'duration':
      return parsePeriod(value).unreadable.length === 0;
    case 'status':
      return STATUSES[looseLabel(value)] !== undefined;
    case 'lastUpdated':
      return parseWrittenDate(value) !== undefined;
    default:
      return false;
  }
}

function languageOf(url: string | undefined, labels: LabelLine[]): string {
  if (url) {
    const path = url.replace(/^https?:\/\/[^/]+/i, '');
    if (/^\/en\//i.test(path)) return 'en';
    if (/^\/(?:sv\/)?p\//i.test(path)) return 'sv';
  }
  return labels.some((l) => SWEDISH_LABELS.has(l.label.toLowerCase())) ? 'sv' : 'en';
}

/**
 * A Vinnova project page (vinnova.se/p/… in Swedish, /en/p/… in English), saved as text or
 * converted from HTML. Reads labelled values in both layouts (`Label value` lines and
 * `| Label | value |` rows, a value also on the line after its label), the text sections under
 * their headings, and the foot (reference number, last updated). Values that cannot be read are
 * warnings and stay empty.
 */
export function parseVinnovaPage(doc: SourceDocument): { project: VinnovaProject; warnings: ExtractionWarning[] } {
  const warnings: ExtractionWarning[] = [];
  const warn = (line: DocumentLine | undefined, text: string | undefined, message: string) =>
    warnings.push({ file: doc.file, ...(line ? { line: line.number } : {}), ...(text !== undefined ? { text } : {}), message });

  const lines = doc.lines.filter((l) => cleanSpaces(l.text) !== '');
  const labels: LabelLine[] = [];
  const sections: Partial<Record<SectionField, string[]>> = {};
  const externalLinks: string[] = [];
  let section: SectionField | 'externalLinks' | undefined;
  let firstLabelIndex: number | undefined;
  let sawSection = false;
  let editorialNote: string | undefined;
  let machineTranslated = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let text = cleanSpaces(line.text);
    if (isFurniture(text)) continue;
    if (EDITORIAL_NOTE.test(text)) {
      editorialNote = text;
      section = undefined;
      continue;
    }
    const heading = sectionOf(text);
    if (heading) {
      section = heading;
      sawSection = true;
      continue;
    }
    const label = labelOf(text);
    // In the text sections only the foot's labels count, and only with a value of their own.
    if (label && (!sawSection || (FOOTER_FIELDS.has(label.field) && (label.value === '' || readsAs(label.field, label.value))))) {
      let value = label.value;
      const next = lines[i + 1];
      if (value === '' && next && !labelOf(next.text) && !sectionOf(next.text) && readsAs(label.field, cleanSpaces(next.text))) {
        value = cleanSpaces(next.text);
        i++;
      }
      labels.push({ ...label, value, line });
      firstLabelIndex ??= i;
      section = undefined;
      continue;
    }
    if (!section) continue;
    if (MACHINE_TRANSLATED.test(text)) {
      machineTranslated = true;
      text = cleanSpaces(text.replace(MACHINE_TRANSLATED, ' '));
      MACHINE_TRANSLATED.lastIndex = 0;
      if (text === '') continue;
    }
    MACHINE_TRANSLATED.lastIndex = 0;
    if (section === 'externalLinks') {
      for (const link of text.split(/\s+/)) if (/^(?:https?:\/\/|www\.)\S+|^[\w-]+(?:\.[\w-]+)+(?:\/\S*)?$/i.test(link)) externalLinks.push(link);
      continue;
    }
    (sections[section] ??= []).push(text);
  }
  if (labels.length === 0) {
    throw new DocumentProblem(
      doc.file,
      'no project facts found: none of the labels Reference number / Diarienummer, Coordinator / Koordinator, Funding from Vinnova / Bidrag från Vinnova, Project duration / Projektets löptid, Status',
    );
  }

  // The title: the page's heading, else the last line of text before the first label.
  let title = doc.heading ? cleanSpaces(doc.heading) : undefined;
  if (!title) {
    for (let i = (firstLabelIndex ?? 0) - 1; i >= 0; i--) {
      const text = cleanSpaces(lines[i]!.text);
      if (!isFurniture(text) && !labelOf(text)) {
        title = text;
        break;
      }
    }
  }
  if (!title) throw new DocumentProblem(doc.file, 'no project title: no line of text stands before the labelled facts');

  const project: VinnovaProject = {
    language: languageOf(doc.url, labels),
    ...(doc.url ? { url: doc.url } : {}),
    title,
    otherTitles: [],
    funder: 'Vinnova',
    calls: [],
    sections: Object.fromEntries(Object.entries(sections).map(([field, texts]) => [field, texts.join('\n\n')])),
    externalLinks: [...new Set(externalLinks)],
    machineTranslated,
    ...(editorialNote ? { editorialNote } : {}),
  };

  const references: { value: string; line: DocumentLine }[] = [];
  for (const { field, label, value, line } of labels) {
    if (value === '') continue; // a blank field: nothing to read
    switch (field) {
      case 'referenceNumber':
        if (REFERENCE_NUMBER.test(value)) references.push({ value, line });
        else warn(line, value, 'not a reference number (YYYY-NNNNN); left empty');
        break;
      case 'coordinator':
        if (project.coordinator && project.coordinator !== value)
          warn(line, value, `a second coordinator, different from "${project.coordinator}"; the first is kept`);
        else project.coordinator = value;
        break;
      case 'funding': {
        const funder = FUNDER_IN_LABEL.exec(label)?.[1];
        if (funder) project.funder = funder;
        const amount = parseAmount(value);
        if (!amount) warn(line, value, 'the amount cannot be read; left empty');
        else {
          project.amount = amount.amount;
          if (amount.currency) project.currency = amount.currency;
          else warn(line, value, 'the amount names no currency; the currency is left empty');
        }
        break;
      }
      case 'duration': {
        const period = parsePeriod(value);
        if (period.start) project.start = period.start;
        if (period.end) project.end = period.end;
        for (const part of period.unreadable) warn(line, part, `the project duration "${value}" has a date that cannot be read; left empty`);
        break;
      }
      case 'status': {
        const status = STATUSES[looseLabel(value)];
        if (status) project.status = status;
        else warn(line, value, 'unknown status; left empty');
        break;
      }
      case 'lastUpdated': {
        const date: PartialDate | undefined = parseWrittenDate(value);
        if (date) project.lastUpdated = date;
        else warn(line, value, 'the last-updated date cannot be read; left empty');
        break;
      }
      default: {
        const level = CALL_LEVELS[field];
        if (level) project.calls.push({ level, name: value });
      }
    }
  }
  const distinct = [...new Set(references.map((r) => r.value))];
  if (distinct.length === 1) project.referenceNumber = distinct[0];
  else if (distinct.length > 1) warn(references[1]!.line, references[1]!.value, `the page gives two reference numbers (${distinct.join(', ')}); left empty`);
  const order = { PROGRAMME: 0, CALL: 1, APPLICATION_ROUND: 2 };
  project.calls.sort((a, b) => order[a.level] - order[b.level]);
  return { project, warnings };
}
