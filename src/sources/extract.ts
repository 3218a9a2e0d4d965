import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ExtractionError, formatProblem } from '../errors';
import type { GraphModel } from '../graph/model';
import { type SeedInMemory, type SeedStream, validateSeedStream } from '../importer/seed-stream';
import { seedValidators } from '../importer/store';
import { formatPartialDate, type Seed, type SeedSource } from '../importer/seed-format';
import type { LookAlike } from '../resolution/look-alikes';
import { referenceSeeds } from '../resolution/reference';
import { EntityRegistry } from '../resolution/registry';
import { detach } from '../util/detach';
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
  /** The reference list's seeds that resolution starts from (seeds/reference-*.yaml by default). */
  reference?: Seed[];
  /** Each warning as the documents are first read; by default they are kept in the run's `warnings`. */
  onWarning?: (warning: ExtractionWarning) => void;
}

export interface ExtractedDocument {
  file: string;
  kind: SourceKind;
  seed: Seed;
  /** The seed's file name: the source key as a slug. */
  seedFile: string;
}

/** Every document's seed, held together: for a few documents (tests, the accuracy evaluation). */
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

type Warn = (warning: ExtractionWarning) => void;

function vinnovaPageSeed(doc: SourceDocument, registry: EntityRegistry, warn: Warn): SeedBuilder {
  const { project, warnings } = parseVinnovaPage(doc);
  warnings.forEach(warn);
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

function openDataSeed(doc: SourceDocument, registry: EntityRegistry, warn: Warn): SeedBuilder {
  const { projects, warnings } = parseVinnovaOpenData(doc);
  warnings.forEach(warn);
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

function echallianceSeed(doc: SourceDocument, registry: EntityRegistry, warn: Warn): SeedBuilder {
  const { ecosystem, warnings } = parseEchalliancePage(doc);
  warnings.forEach(warn);
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

const ADAPTERS: Record<SourceKind, (doc: SourceDocument, registry: EntityRegistry, warn: Warn) => SeedBuilder> = {
  'vinnova-page': vinnovaPageSeed,
  'vinnova-open-data': openDataSeed,
  'echalliance-page': echallianceSeed,
};

/** What the first pass keeps of a document: enough to extract it again, know it is the same, and place it. */
export interface DocumentRecord {
  file: string;
  kind: SourceKind;
  /** The SHA-1 of its contents. */
  digest: string;
  sourceKey: string;
  url?: string;
}

const digestOf = (text: string) => createHash('sha1').update(text).digest('base64');
const seedFileOf = (seed: Seed) => `${seed.source.key.replace(/^source:/, '').replace(/:/g, '-')}.yaml`;
const linkKey = (a: string, b: string) => [a, b].sort().join('\n');

/**
 * Source documents being extracted, without holding their seeds. `readDocuments` reads every
 * document once, to learn what spans documents (a name's better spelling may come from a later
 * one; the look-alikes); each pass over `documents()` (or `seeds()`) then extracts them afresh,
 * one at a time, resolving through a new registry exactly as the first pass did and naming
 * every entity as the first pass ended. The run keeps a few facts per document, never their seeds.
 */
export class ExtractionRun implements SeedStream {
  constructor(
    /** The documents, in order. */
    readonly records: readonly DocumentRecord[],
    /** Warnings of the first pass, when no `onWarning` took them. */
    readonly warnings: readonly ExtractionWarning[],
    /** Entities that look alike across the run and the reference list, but were not merged. */
    readonly lookAlikes: readonly LookAlike[],
    private readonly finalNames: ReadonlyMap<string, string>,
    private readonly newRegistry: () => EntityRegistry,
    private readonly maxFileBytes: number,
  ) {}

  /** The documents' seeds, one at a time. Throws ExtractionError when a document changed since it was read. */
  *documents(): Generator<ExtractedDocument> {
    const registry = this.newRegistry();
    MACHINE_TRANSLATED.lastIndex = 0;
    for (const { file, kind, digest } of this.records) {
      let doc: SourceDocument;
      try {
        doc = readDocument(file, this.maxFileBytes);
      } catch (error) {
        if (error instanceof DocumentProblem) throw new ExtractionError([{ file, message: `${error.message} (it could be read a moment ago)` }]);
        throw error;
      }
      if (digestOf(doc.raw) !== digest)
        throw new ExtractionError([{ file, message: 'the document changed while it was being extracted; run the command again' }]);
      const seed = ADAPTERS[kind](doc, registry, () => undefined).toSeed(this.finalNames);
      yield { file, kind, seed, seedFile: seedFileOf(seed) };
    }
  }

  *seeds(): Generator<SeedInMemory> {
    for (const { file, seed } of this.documents()) yield { file, seed };
  }
}

/**
 * Reads source documents for extraction (the first pass), resolving what they name through one
 * registry (the reference list, then each document in turn). A document of no known kind, or too
 * damaged to read, fails the whole run: nothing is extracted.
 */
export function readDocuments(paths: string[], options: ExtractOptions = {}): ExtractionRun {
  const reference = options.reference ?? referenceSeeds();
  const newRegistry = () => EntityRegistry.fromSeeds(reference);
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const registry = newRegistry();
  const problems: { file: string; message: string }[] = [];
  const warnings: ExtractionWarning[] = [];
  const warn = options.onWarning ?? ((w: ExtractionWarning) => void warnings.push(w));
  const records: DocumentRecord[] = [];
  // A unit and its organisation, or a round and its call, are alike by design: not look-alikes.
  const linked = new Set<string>();
  MACHINE_TRANSLATED.lastIndex = 0;
  for (const file of documentFilesIn(paths)) {
    try {
      const doc = readDocument(file, maxFileBytes);
      const detected = options.kind ? { kind: options.kind, reason: '--kind' } : detectKind(doc);
      if (!detected.kind) throw new DocumentProblem(file, `of no known kind: ${detected.reason}`);
      const { source, relationships } = ADAPTERS[detected.kind](doc, registry, warn).toSeed();
      for (const r of relationships) if (r.type === 'PART_OF') linked.add(linkKey(r.from, r.to));
      const url = typeof source.url === 'string' ? { url: source.url } : {};
      records.push(detach({ file, kind: detected.kind, digest: digestOf(doc.raw), sourceKey: source.key, ...url }));
    } catch (error) {
      if (error instanceof DocumentProblem) problems.push({ file: error.file, message: error.message });
      else throw error;
    }
  }
  if (problems.length) throw new ExtractionError(problems);
  const finalNames = new Map([...registry.renamed].map((key) => [key, registry.get(key)!.name] as const));
  const lookAlikes = registry.lookAlikes.filter((l) => !linked.has(linkKey(l.a.key, l.b.key)));
  return new ExtractionRun(records, warnings, lookAlikes, finalNames, newRegistry, maxFileBytes);
}

/** Checks every seed of the run with the importer's validator (the second pass), holding none; throws ExtractionError. */
export async function checkExtraction(model: GraphModel, run: ExtractionRun): Promise<void> {
  const noDatabase = () => Promise.resolve(new Map<string, string>());
  const { problems } = await validateSeedStream(run, model, seedValidators(model).seed, noDatabase);
  if (problems.length) throw new ExtractionError(problems.map((p) => ({ file: p.file, message: `the extracted seed is not valid: ${formatProblem(p)}` })));
}

/**
 * Extracts source documents into seeds, one per document, all held in memory: for a few documents
 * (for many, go through `readDocuments` and the run's passes). Every seed is checked by the seed
 * validator. A document of no known kind, or too damaged to read, fails the whole run.
 */
export async function extractDocuments(model: GraphModel, paths: string[], options: ExtractOptions = {}): Promise<Extraction> {
  const run = readDocuments(paths, options);
  await checkExtraction(model, run);
  return { documents: [...run.documents()], warnings: [...run.warnings], lookAlikes: [...run.lookAlikes] };
}
