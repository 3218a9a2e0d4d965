#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSeedFiles } from '../cli/source-commands';
import { packageRoot } from '../paths';
import { loadModel } from '../schema-files';
import { checkExtraction, extractDocuments, readDocuments } from '../sources/extract';

/**
 * `npm run bench:extract [-- COUNT...] [--held] [--new-organisations]`: `ecograph extract --out`
 * on 1 000 and 10 000 pages, or the counts given (the corpus's Vinnova pages, each copy with its
 * own title, address and reference number), each size in a process of its own: the time of each
 * pass, pages a second, peak RSS, the heap after a full GC once the seeds are written (the run
 * still held), and the ratios of the largest size to the smallest. `--held` measures
 * `extractDocuments` instead, which holds every seed; `--new-organisations` makes every page's
 * coordinator an organisation no other page names (resolution then learns one per page).
 */

interface Figures {
  pages: number;
  readMs: number;
  checkMs: number;
  writeMs: number;
  baselineRssMiB: number;
  peakRssMiB: number;
  baselineHeapMiB: number;
  heapAfterGcMiB: number;
}

const MiB = 2 ** 20;
const REFERENCE = /((?:Reference number|Diarienummer)\s*\|?\s*)(\d{4}-\d{5})/;

/**
 * A name of two made-up words of its own: no two such names look alike (differ by two letters,
 * share words), as 'Organisation 12' and 'Organisation 13' would, every pair of them.
 */
function organisationName(i: number): string {
  const letters = createHash('sha1')
    .update(String(i))
    .digest('hex')
    .replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]!);
  const word = (from: number) => `${letters[from]!.toUpperCase()}${letters.slice(from + 1, from + 9)}`;
  return `${word(0)} ${word(10)} AB`;
}

/** The i-th copy of a page: its own title, address and reference number (and, asked, its own coordinator). */
function copyOf(page: string, i: number, newOrganisation: boolean): string {
  const lines = page.split('\n');
  const firstLabel = lines.findIndex((l) => /^\|?\s*(?:Reference number|Diarienummer)\b/.test(l));
  let title = firstLabel - 1;
  while (title > 0 && lines[title]!.trim() === '') title--;
  if (title > 0) lines[title] = `${lines[title]} ${i}`;
  let copy = lines.join('\n').replace(/^URL: (\S+?)\/?$/m, `URL: $1-${i}/`);
  const reference = REFERENCE.exec(copy)?.[2];
  if (reference) copy = copy.split(reference).join(`${2000 + (i % 25)}-${String(i % 100000).padStart(5, '0')}`);
  if (newOrganisation) copy = copy.replace(/^(\|?\s*(?:Coordinator|Koordinator)\s*\|?\s*)([^|\n-]+?)(\s*(?:-|\||$))/m, `$1${organisationName(i)}$3`);
  return copy;
}

function writePages(dir: string, count: number, newOrganisations: boolean): void {
  const corpus = path.join(packageRoot, 'test', 'fixtures', 'corpus', 'vinnova');
  const pages = fs.readdirSync(corpus).map((f) => fs.readFileSync(path.join(corpus, f), 'utf8'));
  for (let i = 0; i < count; i++)
    fs.writeFileSync(path.join(dir, `page-${String(i).padStart(5, '0')}.txt`), copyOf(pages[i % pages.length]!, i, newOrganisations));
}

const since = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e6;
const heapAfterGc = () => {
  global.gc?.();
  global.gc?.();
  return process.memoryUsage().heapUsed / MiB;
};

/** One size, in this process: what `ecograph extract --out` does, timed pass by pass. */
async function measure(count: number, held: boolean, newOrganisations: boolean): Promise<Figures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-extract-bench-'));
  try {
    const pages = path.join(dir, 'pages');
    fs.mkdirSync(pages);
    writePages(pages, count, newOrganisations);
    const model = loadModel();
    await extractDocuments(model, [path.join(packageRoot, 'test', 'fixtures', 'corpus', 'vinnova')]); // warm-up: the validator compiled
    const baselineHeapMiB = heapAfterGc();
    const baselineRssMiB = process.memoryUsage().rss / MiB;
    let started = process.hrtime.bigint();
    if (held) {
      const extraction = await extractDocuments(model, [pages]);
      const readMs = since(started);
      if (extraction.documents.length !== count) throw new Error(`extracted ${extraction.documents.length} of ${count}`);
      const heapAfterGcMiB = heapAfterGc();
      return {
        pages: count,
        readMs,
        checkMs: 0,
        writeMs: 0,
        baselineRssMiB,
        peakRssMiB: process.resourceUsage().maxRSS / 1024,
        baselineHeapMiB,
        heapAfterGcMiB,
      };
    }
    const run = readDocuments([pages], { onWarning: () => undefined });
    const readMs = since(started);
    started = process.hrtime.bigint();
    await checkExtraction(model, run);
    const checkMs = since(started);
    started = process.hrtime.bigint();
    const written = writeSeedFiles(run, path.join(dir, 'seeds'));
    const writeMs = since(started);
    if (written !== count) throw new Error(`wrote ${written} of ${count}`);
    const heapAfterGcMiB = heapAfterGc();
    if (run.records.length !== count) throw new Error('the run was collected too early');
    return { pages: count, readMs, checkMs, writeMs, baselineRssMiB, peakRssMiB: process.resourceUsage().maxRSS / 1024, baselineHeapMiB, heapAfterGcMiB };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const args = process.argv.slice(2);
  const held = args.includes('--held');
  const newOrganisations = args.includes('--new-organisations');
  const child = args.indexOf('--child');
  if (child >= 0) {
    measure(Number(args[child + 1]), held, newOrganisations).then(
      (figures) => console.log(JSON.stringify(figures)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
    return;
  }
  const counts = args.filter((a) => /^\d+$/.test(a)).map(Number);
  console.log(`ecograph extract --out${held ? ' (extractDocuments: every seed held)' : ''}${newOrganisations ? ', a new coordinator on every page' : ''}`);
  console.log('pages   read     check    write    total    pages/s  peak RSS (Δ)      heap after GC (Δ)');
  const measured: Figures[] = [];
  for (const count of counts.length ? counts : [1000, 10000]) {
    const out = execFileSync(process.execPath, ['--expose-gc', __filename, '--child', String(count), ...args.filter((a) => a.startsWith('--'))], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const f = JSON.parse(out.trim().split('\n').pop()!) as Figures;
    measured.push(f);
    const total = f.readMs + f.checkMs + f.writeMs;
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padEnd(9);
    console.log(
      `${String(f.pages).padEnd(8)}${s(f.readMs)}${s(f.checkMs)}${s(f.writeMs)}${s(total)}${(f.pages / (total / 1000)).toFixed(0).padEnd(9)}` +
        `${`${f.peakRssMiB.toFixed(0)} MiB (+${(f.peakRssMiB - f.baselineRssMiB).toFixed(0)})`.padEnd(18)}` +
        `${f.heapAfterGcMiB.toFixed(1)} MiB (+${(f.heapAfterGcMiB - f.baselineHeapMiB).toFixed(1)})`,
    );
  }
  const first = measured[0]!;
  const last = measured[measured.length - 1]!;
  if (measured.length > 1)
    console.log(
      `${last.pages} pages against ${first.pages} (×${(last.pages / first.pages).toFixed(0)}): peak RSS ×${(last.peakRssMiB / first.peakRssMiB).toFixed(2)}, ` +
        `heap after GC ×${(last.heapAfterGcMiB / first.heapAfterGcMiB).toFixed(2)}`,
    );
}

main();
