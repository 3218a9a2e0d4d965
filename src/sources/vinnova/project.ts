import type { PartialDate } from '../../importer/seed-format';

export type ProjectStatus = 'PLANNED' | 'ONGOING' | 'COMPLETED' | 'TERMINATED';
export type CallLevel = 'PROGRAMME' | 'CALL' | 'APPLICATION_ROUND';

/** The text sections of a project, by the model's field names. */
export type SectionField = 'purpose' | 'expectedResults' | 'approach' | 'results' | 'longTermEffects' | 'description';

/** What a Vinnova page or open-data record says about one project, before it becomes a seed. */
export interface VinnovaProject {
  /** 'en' or 'sv'. */
  language?: string;
  url?: string;
  title?: string;
  /** Other titles (the other language's, in open data). */
  otherTitles: string[];
  referenceNumber?: string;
  /** The coordinator exactly as written, e.g. 'Lunds universitet - LU Innovation'. */
  coordinator?: string;
  /** The legal entity and the unit, when the source gives them apart (open data). */
  coordinatorParts?: { organisation: string; unit?: string };
  funder: string;
  amount?: number;
  currency?: string;
  start?: PartialDate;
  end?: PartialDate;
  status?: ProjectStatus;
  /** The programme, call and application round the project is funded under, outermost first. */
  calls: { level: CallLevel; name?: string; referenceNumber?: string }[];
  sections: Partial<Record<SectionField, string>>;
  externalLinks: string[];
  lastUpdated?: PartialDate;
  /** The page says its text was machine translated. */
  machineTranslated: boolean;
  /** The publisher's caveat about the text (not reviewed by its editors). */
  editorialNote?: string;
}
