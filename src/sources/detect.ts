import type { SourceDocument } from './document';
import { LABELS } from './vinnova/labels';
import { isVinnovaOpenData } from './vinnova/open-data';
import { labelledValue } from './text';

/** The kinds of source document ecograph extracts. */
export const SOURCE_KINDS = ['vinnova-page', 'vinnova-open-data', 'echalliance-page'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const KIND_DESCRIPTIONS: Record<SourceKind, string> = {
  'vinnova-page': 'a Vinnova project page (vinnova.se/p/… or /en/p/…), text or HTML',
  'vinnova-open-data': "Vinnova's open project data (a JSON array from data.vinnova.se/api/projekt/…)",
  'echalliance-page': 'an ECHAlliance ecosystem page (echalliance.com/ecosystem(s)/…), text or HTML',
};

const VINNOVA_LABEL_GROUPS = [LABELS.referenceNumber, LABELS.coordinator, LABELS.funding, LABELS.duration];
const ECHALLIANCE_MARKS = [/^ecosystem coordinators?:?$/i, /^key links:?$/i, /^current focus areas:?$/i, /^working group members:?$/i, /\bECHAlliance\b/];

/** The document's kind: by its address when it has one, else by its content; with why, when none. */
export function detectKind(doc: SourceDocument): { kind?: SourceKind; reason: string } {
  if (doc.format === 'json') {
    return isVinnovaOpenData(doc.raw)
      ? { kind: 'vinnova-open-data', reason: 'a JSON array with the fields of Vinnova open data' }
      : { reason: 'a JSON file, but not an array of Vinnova open-data records (Diarienummer, Ärenderubrik, …)' };
  }
  if (doc.url) {
    let url: URL | undefined;
    try {
      url = new URL(doc.url);
    } catch {
      url = undefined;
    }
    const host = url?.hostname.replace(/^www\./, '');
    if (host === 'vinnova.se') {
      return /^\/(?:en\/|sv\/)?p\//.test(url!.pathname)
        ? { kind: 'vinnova-page', reason: `its address ${doc.url}` }
        : { reason: `a Vinnova page (${doc.url}), but not a project page (/p/… or /en/p/…)` };
    }
    if (host === 'echalliance.com') {
      return /^\/ecosystems?\//.test(url!.pathname)
        ? { kind: 'echalliance-page', reason: `its address ${doc.url}` }
        : { reason: `an ECHAlliance page (${doc.url}), but not an ecosystem page (/ecosystem/… or /ecosystems/…)` };
    }
  }
  const lines = doc.lines.map((l) => l.text.trim()).filter(Boolean);
  const vinnovaLabels = VINNOVA_LABEL_GROUPS.filter((labels) => lines.some((l) => labelledValue(l, labels))).length;
  if (vinnovaLabels >= 2) return { kind: 'vinnova-page', reason: `${vinnovaLabels} of the labels of a Vinnova project page` };
  const marks = ECHALLIANCE_MARKS.filter((mark) => lines.some((l) => mark.test(l))).length;
  if (marks >= 2) return { kind: 'echalliance-page', reason: `${marks} of the headings of an ECHAlliance ecosystem page` };
  const address = doc.url ? `its address ${doc.url} is of neither site, and ` : 'it has no URL line (or canonical link), and ';
  return {
    reason: `${address}its content has neither two of a Vinnova project page's labels (Reference number/Diarienummer, Coordinator/Koordinator, Funding from Vinnova/Bidrag från Vinnova, Project duration/Projektets löptid) nor two of an ECHAlliance ecosystem page's headings (Ecosystem Coordinators, Key Links, Current focus areas, Working Group Members); name the kind with --kind`,
  };
}
