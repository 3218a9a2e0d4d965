import type { CallLevel, ProjectStatus, SectionField } from './project';

/**
 * The words of Vinnova's project pages, English (/en/p/…) and Swedish (/p/…). Labels are compared
 * case-insensitively, with spaces cleaned; a trailing colon is allowed.
 */
export const LABELS = {
  referenceNumber: ['Reference number', 'Reference no.', 'Reference no', 'Diarienummer', 'Dnr', 'Diarienr'],
  coordinator: ['Coordinator', 'Project coordinator', 'Koordinator', 'Projektkoordinator'],
  funding: ['Funding from Vinnova', 'Vinnova funding', "Vinnova's funding", 'Bidrag från Vinnova', 'Beviljat bidrag', 'Granted funding'],
  duration: ['Project duration', 'Project period', 'Projektets löptid', 'Projekttid', 'Löptid'],
  status: ['Status', 'Project status', 'Projektstatus'],
  programme: ['Programme', 'Program', 'Satsning'],
  call: ['Venture', 'Utlysning'],
  applicationRound: ['Call', 'Ansökningsomgång'],
  lastUpdated: ['Last updated', 'Senast uppdaterad', 'Senast ändrad', 'Updated'],
} as const;

export type LabelField = keyof typeof LABELS;

/** The funding label names its funder: 'Funding from Vinnova', 'Bidrag från Vinnova'. */
export const FUNDER_IN_LABEL = /(?:from|från)\s+(.+)$/i;

export const CALL_LEVELS: Partial<Record<LabelField, CallLevel>> = { programme: 'PROGRAMME', call: 'CALL', applicationRound: 'APPLICATION_ROUND' };

/** Statuses as written → the model's ProjectStatus. */
export const STATUSES: Record<string, ProjectStatus> = {
  completed: 'COMPLETED',
  finished: 'COMPLETED',
  closed: 'COMPLETED',
  avslutat: 'COMPLETED',
  avslutad: 'COMPLETED',
  ongoing: 'ONGOING',
  active: 'ONGOING',
  'in progress': 'ONGOING',
  pågående: 'ONGOING',
  pågår: 'ONGOING',
  aktiv: 'ONGOING',
  aktivt: 'ONGOING',
  planned: 'PLANNED',
  planerat: 'PLANNED',
  planerad: 'PLANNED',
  terminated: 'TERMINATED',
  cancelled: 'TERMINATED',
  canceled: 'TERMINATED',
  avbrutet: 'TERMINATED',
  avbruten: 'TERMINATED',
};

/** Section headings → the model's Project fields; matched against the whole line. */
export const SECTIONS: [RegExp, SectionField | 'externalLinks'][] = [
  [/^(?:purpose|aim|goal)s?(?: and (?:goals?|aims?|objectives?))?$|^syfte(?: och mål)?$|^mål(?: och syfte)?$/i, 'purpose'],
  [/^(?:important|main|key) results(?: from the project)?$|^viktiga resultat(?: som projektet gav| från projektet)?$|^resultat som projektet gav$/i, 'results'],
  [/^(?:expected )?long[- ]term effects(?: expected)?$|^långsiktiga effekter(?: som förväntas)?$|^förväntade långsiktiga effekter$/i, 'longTermEffects'],
  [
    /^(?:expected )?(?:results and (?:expected )?effects?|effects? and results?)$|^förväntade (?:effekter och resultat|resultat och effekter)$|^resultat och förväntade effekter$|^effekter och resultat$/i,
    'expectedResults',
  ],
  [/^(?:planned )?approach and implementation$|^(?:planerat )?upplägg och genomförande$|^genomförande$/i, 'approach'],
  [/^(?:project )?(?:summary|description|abstract)$|^(?:projekt)?(?:sammanfattning|beskrivning|referat)$/i, 'description'],
  [/^external links?$|^externa länkar$|^länkar$|^links$/i, 'externalLinks'],
];

/** Vinnova's caveat that the project wrote the text itself (kept as the source's note). */
export const EDITORIAL_NOTE =
  /(?:provided by the project members themselves|has not been (?:looked at|examined|reviewed) by our editors|projektgruppen själv formulerat|(?:inte|ej) granskat av våra redaktörer)/i;

/** Vinnova's marker of a machine-translated text, e.g. '** Denna text är maskinöversatt **'. */
export const MACHINE_TRANSLATED = /\*{0,2}\s*(?:denna text är maskinöversatt|this text (?:has been|is) machine[- ]translated)\s*\*{0,2}/gi;

/** Lines the site adds around every page: a javascript notice, page statistics, sharing. */
export const FURNITURE = [
  /javascript/i,
  /^(?:page statistics|statistik för sidan|share|dela|print|skriv ut|to the top|till toppen)$/i,
  /^(?:this page|den här sidan)\b.*\b(?:cookies?|kakor)\b/i,
];

/** Languages by the words of the page. */
export const SWEDISH_LABELS = new Set(
  ['Diarienummer', 'Koordinator', 'Bidrag från Vinnova', 'Projektets löptid', 'Utlysning', 'Ansökningsomgång', 'Senast uppdaterad'].map((l) => l.toLowerCase()),
);
