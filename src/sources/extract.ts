import fs from 'node:fs';
import path from 'node:path';
import { ExtractionError, formatProblem } from '../errors';
import type { GraphModel } from '../graph/model';
import { seedValidators } from '../importer/store';
import { formatPartialDate, type Seed, type SeedSource } from '../importer/seed-format';
import { validateSeedFiles } from '../importer/validate';
import type { LookAlike } from '../resolution/look-alikes';
import { referenceRegistry } from '../resolution/reference';
import type { EntityRegistry } from '../resolution/registry';
import { detectKind, type SourceKind } from './detect';
import { DEFAULT_MAX_DOCUMENT_BYTES, DocumentProblem, type ExtractionWarning, readDocument, type SourceDocument } from './document';
import { addEcosystem, ECHALLIANCE } from './echalliance/seed';
import { parseEchalliancePage } from './echalliance/page';
import { SeedBuilder } from './seed-builder';
import { slugify } from './text';
import { MACHINE_TRANSLATED } from './vinnova/labels';
import { parseVinnovaOpenData } from './vinnova/open-data';
import { parseVinnovaPage } from './vinnova/page';
import { addVinnovaProject, VINNOVA } from './vinnova/seed';

/** Files a folder of documents may hold beside them: seed files, notes. */
const NOT_DOCUMENTS = /\.(?:ya?ml|md)$/i;

/** Source documents named: files as given, folders by their files (not hidden ones, seed files or notes), sorted. */
export function documentFilesIn(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (!fs.existsSync(p)) throw new ExtractionError([{ file: p, message: 'no such file or folder' }]);
    return fs.statSync(p).isDirectory()
      ? fs
          .readdirSync(p)
          .filter((f) => !f.startsWith('.') && !NOT_DOCUMENTS.test(f) && fs.statSync(path.join(p, f)).isFile())
          .sort()
          .map((f) => path.join(p, f))
      : [p];
  });
}

export interface ExtractOptions {
  /** The documents' kind, instead of detecting it. */
  kind?: SourceKind;
  maxFileBytes?: number;
  /** The resolver's registry: the reference list by default. */
  registry?: EntityRegistry;
}

export interface ExtractedDocument {
  file: string;
  kind: SourceKind;
  seed: Seed;
  /** The seed's file name: the source key as a slug. */
  seedFile: string;
}

export interface Extraction {
  documents: ExtractedDocument[];
  warnings: ExtractionWarning[];
  /** Entities that look alike across the run and the reference list, but were not merged. */
  lookAlikes: LookAlike[];
}

const pathSlug = (url: string) => {
  try {
    return slugify(new URL(url).pathname.replace(/\//g, ' '));
  } catch {
    return undefined;
  }
};

/** A page's source key: from its address (the same page re-extracted keeps it), else from what identifies it. */
const sourceKey = (publisher: string, url: string | undefined, fallback: string) => `source:${slugify(publisher)}:${(url && pathSlug(url)) || fallback}`;

const noteOf = (parts: (string | undefined)[]) => parts.filter(Boolean).join(' ') || undefined;

function vinnovaPageSeed(doc: SourceDocument, registry: EntityRegistry, warnings: ExtractionWarning[]): SeedBuilder {
  const { project, warnings: found } = parseVinnovaPage(doc);
  warnings.push(...found);
  const note = noteOf([
    project.editorialNote,
    project.machineTranslated
      ? 'The page marks its text as machine translated ("** Denna text är maskinöversatt **"); the marker is left out of the text.'
      : undefined,
  ]);
  const source: SeedSource = {
    key: sourceKey(VINNOVA, project.url, project.referenceNumber ?? slugify(project.title!)),
    kind: 'WEB_PAGE',
    title: project.title!,
    ...(project.url ? { url: project.url } : {}),
    publisher: VINNOVA,
    publisherKey: '',
    ...(project.language ? { language: project.language } : {}),
    ...(project.lastUpdated ? { lastUpdated: formatPartialDate(project.lastUpdated) } : {}),
    editorialStatus: project.editorialNote ? 'NOT_REVIEWED' : 'UNKNOWN',
    ...(note ? { note } : {}),
  };
  const builder = new SeedBuilder(registry, source);
  source.publisherKey = builder.organisation(VINNOVA, { kind: 'FUNDING_AGENCY' });
  addVinnovaProject(builder, project);
  return builder;
}

function openDataSeed(doc: SourceDocument, registry: EntityRegistry, warnings: ExtractionWarning[]): SeedBuilder {
  const { projects, warnings: found } = parseVinnovaOpenData(doc);
  warnings.push(...found);
  const name = path.basename(doc.file).replace(/\.[^.]+$/, '');
  const source: SeedSource = {
    key: `source:vinnova:open-data:${slugify(name)}`,
    kind: 'DATABASE_RECORD',
    title: `Vinnova open data: ${projects.length} project${projects.length === 1 ? '' : 's'} (${path.basename(doc.file)})`,
    publisher: VINNOVA,
    publisherKey: '',
    editorialStatus: 'UNKNOWN',
    note: "Records of Vinnova's open project data (data.vinnova.se/api/projekt).",
  };
  const builder = new SeedBuilder(registry, source);
  source.publisherKey = builder.organisation(VINNOVA, { kind: 'FUNDING_AGENCY' });
  for (const project of projects) addVinnovaProject(builder, project);
  return builder;
}

function echallianceSeed(doc: SourceDocument, registry: EntityRegistry, warnings: ExtractionWarning[]): SeedBuilder {
  const { ecosystem, warnings: found } = parseEchalliancePage(doc);
  warnings.push(...found);
  const source: SeedSource = {
    key: sourceKey(ECHALLIANCE, ecosystem.url, slugify(ecosystem.name)),
    kind: 'WEB_PAGE',
    title: ecosystem.aliases[0] ?? ecosystem.name,
    ...(ecosystem.url ? { url: ecosystem.url } : {}),
    publisher: ECHALLIANCE,
    publisherKey: '',
    language: 'en',
    editorialStatus: 'UNKNOWN',
  };
  const builder = new SeedBuilder(registry, source);
  source.publisherKey = builder.organisation(ECHALLIANCE, { kind: 'NETWORK' });
  addEcosystem(builder, ecosystem);
  return builder;
}

const ADAPTERS: Record<SourceKind, (doc: SourceDocument, registry: EntityRegistry, warnings: ExtractionWarning[]) => SeedBuilder> = {
  'vinnova-page': vinnovaPageSeed,
  'vinnova-open-data': openDataSeed,
  'echalliance-page': echallianceSeed,
};

/**
 * Extracts source documents into seeds, one per document, resolving what they name through one
 * registry (the reference list, then each document in turn). Every seed is checked by the seed
 * validator. A document of no known kind, or too damaged to read, fails the whole run.
 */
export async function extractDocuments(model: GraphModel, paths: string[], options: ExtractOptions = {}): Promise<Extraction> {
  const registry = options.registry ?? referenceRegistry();
  const problems: { file: string; message: string }[] = [];
  const warnings: ExtractionWarning[] = [];
  const built: { file: string; kind: SourceKind; builder: SeedBuilder }[] = [];
  MACHINE_TRANSLATED.lastIndex = 0;
  for (const file of documentFilesIn(paths)) {
    try {
      const doc = readDocument(file, options.maxFileBytes ?? DEFAULT_MAX_DOCUMENT_BYTES);
      const detected = options.kind ? { kind: options.kind, reason: '--kind' } : detectKind(doc);
      if (!detected.kind) throw new DocumentProblem(file, `of no known kind: ${detected.reason}`);
      built.push({ file, kind: detected.kind, builder: ADAPTERS[detected.kind](doc, registry, warnings) });
    } catch (error) {
      if (error instanceof DocumentProblem) problems.push({ file: error.file, message: error.message });
      else throw error;
    }
  }
  if (problems.length) throw new ExtractionError(problems);

  // A better spelling of a name may come from a later document: the seeds take their final form once all are read.
  const documents: ExtractedDocument[] = built.map(({ file, kind, builder }) => {
    const seed = builder.toSeed();
    return { file, kind, seed, seedFile: `${seed.source.key.replace(/^source:/, '').replace(/:/g, '-')}.yaml` };
  });
  const checked = await validateSeedFiles(
    documents.map((d) => ({ file: d.file, data: d.seed, lineOf: () => undefined })),
    model,
    seedValidators(model).seed,
    () => Promise.resolve(new Map<string, string>()),
  );
  if (checked.problems.length)
    throw new ExtractionError(checked.problems.map((p) => ({ file: p.file, message: `the extracted seed is not valid: ${formatProblem(p)}` })));
  // A unit and its organisation, or a round and its call, are alike by design: not look-alikes.
  const linked = new Set(documents.flatMap((d) => d.seed.relationships.filter((r) => r.type === 'PART_OF').map((r) => [r.from, r.to].sort().join('\n'))));
  return { documents, warnings, lookAlikes: registry.lookAlikes.filter((l) => !linked.has([l.a.key, l.b.key].sort().join('\n'))) };
}
