import type { WrittenRole } from './roles';

export type EcosystemScope = 'COUNTRY' | 'REGIONAL' | 'CROSS_BORDER' | 'THEMATIC';

/** What an ECHAlliance ecosystem page says, before it becomes a seed. */
export interface EchallianceEcosystem {
  url?: string;
  name: string;
  /** Other ways the page writes the name: the title line 'Sweden - North Sweden …', in each dash. */
  aliases: string[];
  /** The country's ISO 3166-1 code. */
  countryIso?: string;
  scope?: EcosystemScope;
  description?: string;
  focusAreas: string[];
  strengths: { area: string; recognition?: string }[];
  keyLinks: string[];
  coordinators: { name: string; roles: WrittenRole[] }[];
  /** Organisations the text says coordinate the ecosystem ('coordinated by X (ABC)'). */
  coordinatingOrganisations: { name: string; acronym?: string }[];
  workingGroup: { name: string; organisation?: string }[];
  /** The sentence saying the ecosystem arranges events, when there is one. */
  events?: string;
}
