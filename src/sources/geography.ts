import { normalizeName } from '../importer/normalize';

/**
 * Countries ECHAlliance's ecosystems are in, by English name, with the ISO 3166-1 code, other
 * names and the adjective; and regions whose name makes a country evident ('Galicia' → Spain).
 */
export interface Country {
  name: string;
  isoCode: string;
  names: string[];
}

const COUNTRIES: Country[] = [
  ['Sweden', 'SE', ['Sverige', 'Swedish']],
  ['Norway', 'NO', ['Norge', 'Norwegian']],
  ['Denmark', 'DK', ['Danmark', 'Danish']],
  ['Finland', 'FI', ['Suomi', 'Finnish']],
  ['Iceland', 'IS', ['Icelandic']],
  ['Estonia', 'EE', ['Estonian']],
  ['Latvia', 'LV', ['Latvian']],
  ['Lithuania', 'LT', ['Lithuanian']],
  ['Ireland', 'IE', ['Irish', 'Republic of Ireland']],
  ['United Kingdom', 'GB', ['UK', 'Great Britain', 'Britain', 'British', 'England', 'Scotland', 'Scottish', 'Wales', 'Welsh', 'Northern Ireland']],
  ['France', 'FR', ['French']],
  ['Spain', 'ES', ['España', 'Spanish']],
  ['Portugal', 'PT', ['Portuguese']],
  ['Italy', 'IT', ['Italia', 'Italian']],
  ['Germany', 'DE', ['Deutschland', 'German']],
  ['Netherlands', 'NL', ['The Netherlands', 'Holland', 'Dutch']],
  ['Belgium', 'BE', ['Belgian']],
  ['Luxembourg', 'LU', []],
  ['Austria', 'AT', ['Austrian']],
  ['Switzerland', 'CH', ['Swiss']],
  ['Poland', 'PL', ['Polish']],
  ['Czechia', 'CZ', ['Czech Republic', 'Czech']],
  ['Slovakia', 'SK', ['Slovak']],
  ['Hungary', 'HU', ['Hungarian']],
  ['Slovenia', 'SI', ['Slovenian']],
  ['Croatia', 'HR', ['Croatian']],
  ['Serbia', 'RS', ['Serbian']],
  ['Greece', 'GR', ['Greek']],
  ['Cyprus', 'CY', ['Cypriot']],
  ['Malta', 'MT', ['Maltese']],
  ['Romania', 'RO', ['Romanian']],
  ['Bulgaria', 'BG', ['Bulgarian']],
  ['Ukraine', 'UA', ['Ukrainian']],
  ['Turkey', 'TR', ['Türkiye', 'Turkish']],
  ['Israel', 'IL', ['Israeli']],
  ['Canada', 'CA', ['Canadian']],
  ['United States', 'US', ['USA', 'United States of America', 'American']],
  ['Australia', 'AU', ['Australian']],
  ['Japan', 'JP', ['Japanese']],
  ['Singapore', 'SG', []],
].map(([name, isoCode, names]) => ({ name: name as string, isoCode: isoCode as string, names: names as string[] }));

/** Regions (and their adjectives) whose name alone tells the country. */
const REGIONS: [string[], string][] = [
  [['Galicia', 'Galician', 'Catalonia', 'Catalunya', 'Catalan', 'Basque Country', 'Euskadi', 'Basque', 'Andalusia', 'Andalucía', 'Andalusian'], 'ES'],
  [
    [
      'Madrid',
      'Valencia',
      'Valencian',
      'Murcia',
      'Asturias',
      'Navarre',
      'Navarra',
      'Aragon',
      'Castilla y León',
      'Castilla-La Mancha',
      'Extremadura',
      'Cantabria',
    ],
    'ES',
  ],
  [['Flanders', 'Flemish', 'Wallonia', 'Walloon', 'Brussels'], 'BE'],
  [['Bavaria', 'Bavarian', 'Baden-Württemberg', 'Saxony', 'Berlin', 'Hamburg', 'North Rhine-Westphalia'], 'DE'],
  [['Lombardy', 'Lombardia', 'Piedmont', 'Tuscany', 'Veneto', 'Emilia-Romagna', 'Campania', 'Puglia', 'Apulia', 'Sicily', 'Sardinia', 'Lazio'], 'IT'],
  [['Brittany', 'Normandy', 'Occitanie', 'Île-de-France', 'Auvergne-Rhône-Alpes', 'Nouvelle-Aquitaine', 'Grand Est', 'Hauts-de-France'], 'FR'],
  [['Norrbotten', 'Västerbotten', 'Skåne', 'Scania', 'Västra Götaland', 'Stockholm', 'Uppsala', 'Östergötland', 'North Sweden', 'Northern Sweden'], 'SE'],
  [['Lapland', 'Oulu', 'Helsinki', 'Uusimaa', 'Tampere'], 'FI'],
  [['Catalonia', 'Norte', 'Alentejo', 'Algarve', 'Lisbon'], 'PT'],
];

const byIso = new Map(COUNTRIES.map((c) => [c.isoCode, c]));
const NAME_TO_ISO = new Map<string, string>();
for (const c of COUNTRIES) for (const n of [c.name, ...c.names]) NAME_TO_ISO.set(normalizeName(n), c.isoCode);
for (const [names, iso] of REGIONS) for (const n of names) if (!NAME_TO_ISO.has(normalizeName(n))) NAME_TO_ISO.set(normalizeName(n), iso);

/** The country a name (of a country, its adjective, or a region) stands for. */
export function countryNamed(name: string): Country | undefined {
  const iso = NAME_TO_ISO.get(normalizeName(name));
  return iso ? byIso.get(iso) : undefined;
}

export const countryByIso = (isoCode: string) => byIso.get(isoCode.toUpperCase());

/**
 * The countries a text names, directly or through a region or adjective, with how often.
 * Words are matched whole, one to four at a time, diacritics and case aside.
 */
export function countriesIn(text: string): Map<string, number> {
  const words = normalizeName(text).split(' ');
  const counts = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    for (let n = 4; n >= 1; n--) {
      if (i + n > words.length) continue;
      const iso = NAME_TO_ISO.get(words.slice(i, i + n).join(' '));
      if (iso) {
        counts.set(iso, (counts.get(iso) ?? 0) + 1);
        i += n - 1;
        break;
      }
    }
  }
  return counts;
}
