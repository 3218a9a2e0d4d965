import fs from 'node:fs';
import path from 'node:path';
import { errors } from '../errors';
import { seedToYaml } from '../importer/export';
import { importSeedsAndData } from '../importer/import-seeds';
import type { Store } from '../importer/store';
import { loadModel } from '../schema-files';
import { SEED_FILE_PATTERN } from '../importer/seed-format';
import { formatMerge, formatSummary, type ImportSummary } from '../importer/summary';
import { formatLookAlike, type LookAlike } from '../resolution/look-alikes';
import { reviewGraph } from '../resolution/review';
import { seedSchemaPath } from '../importer/seed-schema';
import { formatWarning } from '../sources/document';
import { type ExtractedDocument, extractDocuments } from '../sources/extract';
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

/** `ecograph extract`: one seed file per document, written only when every document could be read. */
export async function extractCommand(paths: string[], options: ExtractCommandOptions): Promise<void> {
  const maxFileBytes = maxBytesOf(options.maxFileSize);
  const extraction = await extractDocuments(loadModel(), paths, { ...(options.kind ? { kind: options.kind } : {}), ...(maxFileBytes ? { maxFileBytes } : {}) });
  for (const warning of extraction.warnings) console.error(`warning: ${formatWarning(warning)}`);
  if (!options.out) {
    process.stdout.write(extraction.documents.map((d) => seedToYaml(d.seed, path.relative(process.cwd(), seedSchemaPath), headerComment(d))).join('---\n'));
  } else {
    fs.mkdirSync(options.out, { recursive: true });
    const schema = path.relative(path.resolve(options.out), seedSchemaPath);
    for (const document of extraction.documents) {
      const file = path.join(options.out, document.seedFile);
      fs.writeFileSync(`${file}.tmp`, seedToYaml(document.seed, schema, headerComment(document)));
      fs.renameSync(`${file}.tmp`, file);
    }
    console.log(`wrote ${extraction.documents.length} seed file${extraction.documents.length === 1 ? '' : 's'} to ${options.out}`);
  }
  printLookAlikes(extraction.lookAlikes, 'look-alikes');
}

/** Source URLs already held by a Source of another key (a curated seed): those documents are left out. */
async function curatedElsewhere({ driver, database }: Store, documents: ExtractedDocument[]): Promise<Map<string, string>> {
  const urls = documents.map((d) => d.seed.source.url).filter((u): u is string => typeof u === 'string');
  const { records } = await driver.executeQuery(
    'MATCH (s:Source) WHERE s.url IN $urls RETURN s.url AS url, collect(s.key) AS keys',
    { urls },
    { database, routing: 'READ' },
  );
  const byUrl = new Map(records.map((r) => [r.get('url') as string, r.get('keys') as string[]]));
  const held = new Map<string, string>();
  for (const d of documents) {
    const keys = byUrl.get(String(d.seed.source.url)) ?? [];
    if (keys.length > 0 && !keys.includes(d.seed.source.key)) held.set(d.file, keys[0]!);
  }
  return held;
}

/**
 * `ecograph import` with source documents: extracted, resolved and imported in one step (seed
 * files named beside them are imported too). A document whose address is already the source of
 * a curated seed under another key is left out, so its richer seed is not retracted.
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
  const extraction = await extractDocuments(store.model, documentPaths, {
    ...(options.kind ? { kind: options.kind } : {}),
    ...(maxFileBytes ? { maxFileBytes } : {}),
  });
  for (const warning of extraction.warnings) console.error(`warning: ${formatWarning(warning)}`);
  const skipped = await curatedElsewhere(store, extraction.documents);
  const seeds = extraction.documents.filter((d) => !skipped.has(d.file)).map((d) => ({ file: d.file, seed: d.seed }));
  const summary = await importSeedsAndData(store, seedPaths, seeds, {
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.singleTransaction ? { singleTransaction: true } : {}),
    ...(maxFileBytes ? { maxFileBytes } : {}),
    ...(options.onFileDone ? { onFileDone: options.onFileDone } : {}),
  });
  return { summary, skipped, lookAlikes: extraction.lookAlikes };
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
