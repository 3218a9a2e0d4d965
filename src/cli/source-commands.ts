import fs from 'node:fs';
import path from 'node:path';
import { errors } from '../errors';
import { seedToYaml } from '../importer/export';
import { importSeedsAndData, type SeedStream } from '../importer/import-seeds';
import type { Store } from '../importer/store';
import { loadModel } from '../schema-files';
import { SEED_FILE_PATTERN } from '../importer/seed-format';
import { formatMerge, formatSummary, type ImportSummary } from '../importer/summary';
import { formatLookAlike, type LookAlike } from '../resolution/look-alikes';
import { reviewGraph } from '../resolution/review';
import { seedSchemaPath } from '../importer/seed-schema';
import { formatWarning } from '../sources/document';
import { checkExtraction, type DocumentRecord, type ExtractedDocument, type ExtractionRun, readDocuments } from '../sources/extract';
import type { SourceKind } from '../sources/detect';

const BULK_FILE = /\.(?:jsonl|ndjson|csv)$/i;

/** A path holding source documents (pages, open data) rather than seed files or bulk inputs. */
export function isSourceDocumentPath(p: string): boolean {
  if (!fs.existsSync(p)) return false;
  if (fs.statSync(p).isDirectory()) {
    return fs
      .readdirSync(p)
      .some((f) => !f.startsWith('.') && fs.statSync(path.join(p, f)).isFile() && !SEED_FILE_PATTERN.test(f) && !BULK_FILE.test(f) && !/\.md$/i.test(f));
  }
  if (BULK_FILE.test(p)) return false;
  if (/\.json$/i.test(p)) return /^\s*\[/.test(fs.readFileSync(p, { encoding: 'utf8' }).slice(0, 100));
  return !SEED_FILE_PATTERN.test(p);
}

export interface ExtractCommandOptions {
  out?: string;
  kind?: SourceKind;
  maxFileSize?: string;
}

const maxBytesOf = (mib: string | undefined) => {
  if (mib === undefined) return undefined;
  const bytes = Math.round(Number(mib) * 1024 * 1024);
  if (!(bytes > 0)) throw errors.usage(`--max-file-size expects a size in MiB, got ${mib}`);
  return bytes;
};

const printLookAlikes = (lookAlikes: LookAlike[], heading: string) => {
  if (lookAlikes.length === 0) return;
  console.log(`${heading} (not merged; confirm a merge by adding an alias in a seed file):`);
  for (const l of lookAlikes) console.log(`  ${formatLookAlike(l)}`);
};

function headerComment(document: ExtractedDocument): string {
  return [
    `Extracted by ecograph from ${document.file} (${document.kind}).`,
    'Review it against the document, correct it, and commit it: it is a seed like any other.',
  ].join('\n');
}

/**
 * `ecograph extract`: one seed file per document, written only when every document could be read
 * and every seed is valid. The documents are read, checked and written in three passes, one
 * document at a time: the memory a run needs does not grow with the number of documents.
 */
export async function extractCommand(paths: string[], options: ExtractCommandOptions): Promise<void> {
  const maxFileBytes = maxBytesOf(options.maxFileSize);
  const run = readDocuments(paths, {
    ...(options.kind ? { kind: options.kind } : {}),
    ...(maxFileBytes ? { maxFileBytes } : {}),
    onWarning: (warning) => console.error(`warning: ${formatWarning(warning)}`),
  });
  await checkExtraction(loadModel(), run);
  if (!options.out) {
    let first = true;
    for (const document of run.documents()) {
      process.stdout.write(`${first ? '' : '---\n'}${seedToYaml(document.seed, path.relative(process.cwd(), seedSchemaPath), headerComment(document))}`);
      first = false;
    }
  } else {
    const written = writeSeedFiles(run, options.out);
    console.log(`wrote ${written} seed file${written === 1 ? '' : 's'} to ${options.out}`);
  }
  printLookAlikes([...run.lookAlikes], 'look-alikes');
}

/**
 * The run's seeds as files in `dir`, one per document: each written beside its place first, and
 * all moved into place once every one is written (a document that changed meanwhile leaves none).
 */
export function writeSeedFiles(run: ExtractionRun, dir: string): number {
  fs.mkdirSync(dir, { recursive: true });
  const schema = path.relative(path.resolve(dir), seedSchemaPath);
  const pending: string[] = [];
  try {
    for (const document of run.documents()) {
      const file = path.join(dir, document.seedFile);
      fs.writeFileSync(`${file}.tmp`, seedToYaml(document.seed, schema, headerComment(document)));
      pending.push(file);
    }
  } catch (error) {
    for (const file of pending) fs.rmSync(`${file}.tmp`, { force: true });
    throw error;
  }
  for (const file of pending) fs.renameSync(`${file}.tmp`, file);
  return pending.length;
}

/** Source URLs already held by a Source of another key (a curated seed): those documents are left out. */
async function curatedElsewhere({ driver, database }: Store, documents: readonly DocumentRecord[]): Promise<Map<string, string>> {
  const urls = documents.map((d) => d.url).filter((u): u is string => typeof u === 'string');
  const { records } = await driver.executeQuery(
    'MATCH (s:Source) WHERE s.url IN $urls RETURN s.url AS url, collect(s.key) AS keys',
    { urls },
    { database, routing: 'READ' },
  );
  const byUrl = new Map(records.map((r) => [r.get('url') as string, r.get('keys') as string[]]));
  const held = new Map<string, string>();
  for (const d of documents) {
    const keys = byUrl.get(String(d.url)) ?? [];
    if (keys.length > 0 && !keys.includes(d.sourceKey)) held.set(d.file, keys[0]!);
  }
  return held;
}

/**
 * `ecograph import` with source documents: extracted, resolved and imported in one step (seed
 * files named beside them are imported too). A document whose address is already the source of
 * a curated seed under another key is left out, so its richer seed is not retracted. The seeds go
 * to the importer as a stream: checked, then written one transaction per document, never all held.
 */
export async function importDocuments(
  store: Store,
  documentPaths: string[],
  seedPaths: string[],
  options: {
    dryRun?: boolean;
    singleTransaction?: boolean;
    maxFileSize?: string;
    kind?: SourceKind;
    onFileDone?: (done: number, total: number, file: string) => void;
  },
): Promise<{ summary: ImportSummary; skipped: Map<string, string>; lookAlikes: LookAlike[] }> {
  const maxFileBytes = maxBytesOf(options.maxFileSize);
  const run = readDocuments(documentPaths, {
    ...(options.kind ? { kind: options.kind } : {}),
    ...(maxFileBytes ? { maxFileBytes } : {}),
    onWarning: (warning) => console.error(`warning: ${formatWarning(warning)}`),
  });
  const skipped = await curatedElsewhere(store, run.records);
  const seeds: SeedStream = {
    *seeds() {
      for (const seed of run.seeds()) if (!skipped.has(seed.file)) yield seed;
    },
  };
  const summary = await importSeedsAndData(store, seedPaths, seeds, {
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.singleTransaction ? { singleTransaction: true } : {}),
    ...(maxFileBytes ? { maxFileBytes } : {}),
    ...(options.onFileDone ? { onFileDone: options.onFileDone } : {}),
  });
  return { summary, skipped, lookAlikes: [...run.lookAlikes] };
}

export function printImport(result: { summary: ImportSummary; skipped?: Map<string, string>; lookAlikes?: LookAlike[] }): void {
  for (const [file, key] of result.skipped ?? [])
    console.log(`left out: ${file}: its page is already the source ${key} (a curated seed); edit that seed instead`);
  for (const merge of result.summary.merges) console.log(`merged: ${formatMerge(merge)}`);
  printLookAlikes([...(result.lookAlikes ?? []), ...result.summary.lookAlikes], 'look-alikes');
  console.log(formatSummary(result.summary));
}

/** `ecograph review`: the look-alikes in the graph, for the curator. */
export async function reviewCommand(store: Store): Promise<void> {
  const lookAlikes = await reviewGraph(store);
  if (lookAlikes.length === 0) console.log('no look-alikes: no two entities of one type have alike names');
  else printLookAlikes(lookAlikes, `${lookAlikes.length} look-alike${lookAlikes.length === 1 ? '' : 's'}`);
}
