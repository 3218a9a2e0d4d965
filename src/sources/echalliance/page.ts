import { normalizeName } from '../../importer/normalize';
import { DocumentProblem, type DocumentLine, type ExtractionWarning, type SourceDocument } from '../document';
import { countriesIn, countryNamed } from '../geography';
import { cleanSpaces, isBullet, looseLabel, withoutBullet } from '../text';
import type { EchallianceEcosystem, EcosystemScope } from './ecosystem';
import { hasPositionWord, isPersonName, parseRoles } from './roles';

type Section = 'focus' | 'strengths' | 'keyLinks' | 'coordinators' | 'workingGroup' | 'furniture';

/** Headings of the page's parts; the page furniture (membership form, news, social media) is skipped to the next heading. */
const HEADINGS: [RegExp, Section][] = [
  [/^(?:current )?focus areas?$|^areas of focus$/, 'focus'],
  [/^(?:our |key )?strengths$|^areas of strength$/, 'strengths'],
  [/^key links?$|^links$/, 'keyLinks'],
  [/^(?:ecosystem )?coordinators?$|^ecosystem coordinators? and contacts?$/, 'coordinators'],
  [/^working group(?: members)?$|^members of the working group$/, 'workingGroup'],
  [
    /^(?:become a member|join (?:us|echalliance)|social media|follow us|latest news(?: from the ecosystem)?|news|related posts|play video|watch (?:the )?video|share(?: this)?|contact(?: us)?|newsletter|subscribe|events|upcoming events)$/,
    'furniture',
  ],
];
const SCOPES: [RegExp, EcosystemScope][] = [
  [/^country[- ]based$/, 'COUNTRY'],
  [/^region(?:al|[- ]based)$/, 'REGIONAL'],
  [/^cross[- ]border(?: based)?$/, 'CROSS_BORDER'],
  [/^thematic(?: based)?$/, 'THEMATIC'],
];
/** Form fields and buttons that stand alone on a line. */
const FORM_FIELD = /\*\s*$|^(?:submit|send|sign up|read more|load more|play video)$/i;

const headingOf = (text: string) => {
  const clean = looseLabel(text);
  return clean.split(' ').length <= 6 ? HEADINGS.find(([pattern]) => pattern.test(clean))?.[1] : undefined;
};
const scopeOf = (text: string) => SCOPES.find(([pattern]) => pattern.test(looseLabel(text)))?.[1];
/** A sentence (or a list's lead-in) rather than a caption or a stray name. */
const isProse = (text: string) => /[.!?:;)"”]$/.test(text) || text.split(' ').length >= 12;
const DASH_TITLE = /^(.+?)\s+[-–—]\s+(.+)$/;

/** The coordinating organisations a sentence names: 'is coordinated by Cluster Saúde de Galicia (CSG), …'. */
function coordinatingOrganisations(text: string): { name: string; acronym?: string }[] {
  const found: { name: string; acronym?: string }[] = [];
  for (const m of text.matchAll(
    /\b(?:is|are) (?:jointly )?(?:co-?)?(?:coordinated|led|run|managed) by (?:the )?([^,.;()]+?)\s*(?:\(([^)]+)\))?(?=[,.;]|\s+(?:and|with|which|who|in)\b|$)/gi,
  )) {
    const name = cleanSpaces(m[1]!);
    if (name.split(' ').length <= 10 && /^\p{Lu}/u.test(name)) found.push({ name, ...(m[2] ? { acronym: cleanSpaces(m[2]) } : {}) });
  }
  return found;
}

/** 'We have distinguished ourselves internationally in areas such as A, B, C.' → the areas and how they are recognised. */
function strengthsIn(text: string): { area: string; recognition?: string }[] {
  const m =
    /distinguished (?:ourselves|itself|themselves) (internationally|nationally|globally|in europe)?\s*(?:in|within) (?:the )?(?:areas?|fields?|domains?)?\s*(?:such as|like|of|including)?\s*([^.]+)\./i.exec(
      text,
    );
  if (!m) return [];
  const recognition = `Distinguished${m[1] ? ` ${m[1].toLowerCase()}` : ''}`;
  return m[2]!
    .split(/\s*[,;]\s*/)
    .map((a) => cleanSpaces(a.replace(/^(?:and|as well as)\s+/i, '')))
    .filter(Boolean)
    .map((area) => ({ area: area.charAt(0).toUpperCase() + area.slice(1), recognition }));
}

const EVENTS =
  /[^.]*\bwe (?:arrange|organi[sz]e|host|run|hold) (?:several |many |regular |a number of |various |annual )?(?:events|meetings|conferences|workshops|webinars)\b[^.]*\./i;

/**
 * An ECHAlliance ecosystem page (echalliance.com/ecosystem(s)/…), text or HTML: name and country
 * (the title line 'Country - Name', or the country the text makes evident), description
 * paragraphs, current focus areas, strengths, key links, ecosystem coordinators with their
 * positions and organisations, coordinating organisations and working-group members.
 */
export function parseEchalliancePage(doc: SourceDocument): { ecosystem: EchallianceEcosystem; warnings: ExtractionWarning[] } {
  const warnings: ExtractionWarning[] = [];
  const warn = (line: DocumentLine | undefined, text: string | undefined, message: string) =>
    warnings.push({ file: doc.file, ...(line ? { line: line.number } : {}), ...(text !== undefined ? { text } : {}), message });
  const lines = doc.lines.map((l) => ({ ...l, text: cleanSpaces(l.text) }));
  const firstText = lines.find((l) => l.text !== '');
  if (!firstText) throw new DocumentProblem(doc.file, 'the page has no text');

  // The name: the title line 'Country - Name' (or the page's heading), else the URL's words as the text writes them.
  let name: string | undefined;
  let countryIso: string | undefined;
  let titleLine: DocumentLine | undefined;
  const title = doc.heading ?? (isProse(firstText.text) ? undefined : firstText.text);
  if (title) {
    titleLine = lines.find((l) => l.text === title);
    const dashed = DASH_TITLE.exec(title);
    const country = dashed ? countryNamed(dashed[1]!) : undefined;
    if (dashed && country) {
      name = cleanSpaces(dashed[2]!);
      countryIso = country.isoCode;
    } else name = title;
  }
  if (!name && doc.url) {
    const slug = /\/ecosystems?\/([^/?#]+)/i.exec(doc.url)?.[1];
    const wanted = slug ? normalizeName(slug.replace(/-/g, ' ')) : undefined;
    if (wanted) {
      const words = wanted.split(' ').length;
      for (const l of lines) {
        const tokens = l.text.split(' ');
        for (let i = 0; i + words <= tokens.length && !name; i++) {
          const candidate = tokens.slice(i, i + words).join(' ');
          if (normalizeName(candidate) === wanted) name = candidate.replace(/[’'`]s$|[,.;:]$/u, '');
        }
        if (name) break;
      }
    }
  }
  if (!name) throw new DocumentProblem(doc.file, 'no ecosystem name: neither a title line nor the words of the URL are on the page');

  const aliases = new Set<string>();
  const ecosystem: EchallianceEcosystem = {
    ...(doc.url ? { url: doc.url } : {}),
    name,
    aliases: [],
    focusAreas: [],
    strengths: [],
    keyLinks: [],
    coordinators: [],
    coordinatingOrganisations: [],
    workingGroup: [],
  };
  if (title && title !== name) aliases.add(title);

  const paragraphs: string[][] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) paragraphs.push(paragraph);
    paragraph = [];
  };
  let section: Section | undefined;
  let sectionHasItems = false;
  const coordinatorLines: DocumentLine[] = [];
  const looseName = normalizeName(name);

  for (const line of lines) {
    const text = line.text;
    if (line === titleLine) continue;
    if (text === '') {
      endParagraph();
      // Lists end at the first blank line after their items; coordinators run to the next heading.
      if (section && section !== 'coordinators' && section !== 'furniture' && sectionHasItems) section = undefined;
      continue;
    }
    const heading = headingOf(text);
    if (heading) {
      endParagraph();
      section = heading;
      sectionHasItems = false;
      continue;
    }
    const inline = /^([^:]{3,40}):\s*(\S.*)$/.exec(text);
    if (inline && headingOf(inline[1]!) === 'focus') {
      ecosystem.focusAreas.push(...inline[2]!.split(/\s*[,;]\s*/).filter(Boolean));
      continue;
    }
    const scope = scopeOf(text);
    if (scope) {
      ecosystem.scope = scope;
      continue;
    }
    // The title again, in another dash: an alias.
    const dashed = DASH_TITLE.exec(text);
    if (dashed && normalizeName(dashed[2]!) === looseName && countryNamed(dashed[1]!)) {
      aliases.add(text);
      continue;
    }
    if (FORM_FIELD.test(text)) continue;
    switch (section) {
      case 'furniture':
        continue;
      case 'focus':
        ecosystem.focusAreas.push(withoutBullet(text));
        sectionHasItems = true;
        continue;
      case 'strengths':
        ecosystem.strengths.push({ area: withoutBullet(text) });
        sectionHasItems = true;
        continue;
      case 'keyLinks':
        ecosystem.keyLinks.push(withoutBullet(text));
        sectionHasItems = true;
        continue;
      case 'workingGroup': {
        const item = withoutBullet(text);
        const m = /^(.+?)\s*\(([^)]+)\)\s*$/.exec(item);
        const people = (m ? m[1]! : item)
          .split(/\s*(?:\/|&|\band\b)\s*/)
          .map(cleanSpaces)
          .filter(Boolean);
        for (const person of people) {
          if (isPersonName(person)) ecosystem.workingGroup.push({ name: person, ...(m ? { organisation: cleanSpaces(m[2]!) } : {}) });
          else warn(line, person, 'a working-group entry that is not a name; left out');
        }
        sectionHasItems = true;
        continue;
      }
      case 'coordinators':
        coordinatorLines.push(line);
        continue;
      default:
        if (isProse(text) || isBullet(text)) paragraph.push(isBullet(text) ? `• ${withoutBullet(text)}` : text);
    }
  }
  endParagraph();

  // Coordinators: a name line, then its position line(s).
  let current: { name: string; position: string[]; line: DocumentLine } | undefined;
  const finish = () => {
    if (!current) return;
    const roles = current.position.length ? parseRoles(current.position.join(' ')) : [];
    for (const role of roles)
      if (!role.organisation && !role.initiative)
        warn(current.line, current.position.join(' '), `no organisation can be told apart in ${current.name}'s position; kept as the position`);
    ecosystem.coordinators.push({ name: current.name, roles });
    current = undefined;
  };
  for (const line of coordinatorLines) {
    if (isPersonName(line.text)) {
      finish();
      current = { name: line.text, position: [], line };
    } else if (current && (/\s(?:at|for|på|hos)\s/i.test(line.text) || parseRoles(line.text).some((r) => r.organisation) || hasPositionWord(line.text)))
      current.position.push(line.text);
    else warn(line, line.text, 'a line under Ecosystem Coordinators that is neither a name nor a position; left out');
  }
  finish();

  const description = paragraphs.map((p) => p.join('\n')).join('\n\n');
  if (description) ecosystem.description = description;
  const prose = paragraphs.flat().join(' ');
  ecosystem.coordinatingOrganisations = coordinatingOrganisations(prose);
  if (ecosystem.strengths.length === 0) ecosystem.strengths = strengthsIn(prose);
  ecosystem.events = EVENTS.exec(prose)?.[0].trim();
  if (!ecosystem.events) delete ecosystem.events;

  if (!countryIso) {
    // The country the name and text make evident: one country only, or one named far more often than any other.
    const counts = [...countriesIn(`${name}. ${name}. ${prose}`).entries()].sort((a, b) => b[1] - a[1]);
    if (counts.length === 1 || (counts.length > 1 && counts[0]![1] >= 3 * counts[1]![1])) countryIso = counts[0]![0];
    else if (counts.length > 1) warn(undefined, counts.map(([iso]) => iso).join(', '), 'the text names several countries; the country is left empty');
  }
  if (countryIso) ecosystem.countryIso = countryIso;
  ecosystem.aliases = [...aliases];
  ecosystem.focusAreas = [...new Set(ecosystem.focusAreas.filter(Boolean))];
  ecosystem.keyLinks = [...new Set(ecosystem.keyLinks.filter(Boolean))];
  return { ecosystem, warnings };
}
