#!/usr/bin/env node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GraphModel } from '../graph/model';
import { packageRoot } from '../paths';
import { loadModel } from '../schema-files';
import { extractDocuments } from '../sources/extract';

/**
 * `npm run bench:extract`: extraction of 100 and 1 000 pages (the corpus pages, each copied with
 * its own title, address and reference number): time, and peak RSS and heap after each run.
 */
async function run(model: GraphModel, count: number): Promise<{ ms: number; rssMiB: number; heapMiB: number }> {
  const corpus = path.join(packageRoot, 'test', 'fixtures', 'corpus', 'vinnova');
  const pages = fs.readdirSync(corpus).map((f) => fs.readFileSync(path.join(corpus, f), 'utf8'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecograph-extract-bench-'));
  try {
    for (let i = 0; i < count; i++) {
      const page = pages[i % pages.length]!.replace(/^URL: (\S+?)\/?$/m, `URL: $1-${i}/`).replace(/(\n\n|\n)([^\n|]+)\n/, `$1$2 ${i}\n`);
      fs.writeFileSync(path.join(dir, `page-${String(i).padStart(5, '0')}.txt`), page);
    }
    global.gc?.();
    const started = process.hrtime.bigint();
    const extraction = await extractDocuments(model, [dir]);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (extraction.documents.length !== count) throw new Error(`extracted ${extraction.documents.length} of ${count}`);
    const memory = process.memoryUsage();
    return { ms, rssMiB: memory.rss / 2 ** 20, heapMiB: memory.heapUsed / 2 ** 20 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const model = loadModel();
  await run(model, 20); // warm-up: the validators compiled once
  for (const count of [100, 1000]) {
    const r = await run(model, count);
    console.log(
      `${String(count).padStart(5)} pages: ${(r.ms / 1000).toFixed(2)} s (${(r.ms / count).toFixed(2)} ms a page), RSS ${r.rssMiB.toFixed(0)} MiB, heap used ${r.heapMiB.toFixed(0)} MiB`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
