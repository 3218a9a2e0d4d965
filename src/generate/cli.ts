#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { integerAtLeast } from '../cli/arguments';
import { generateGraph } from './generator';
import { writeGraph } from './write';

const program = new Command('generate')
  .description('Writes a deterministic synthetic ecosystem (seed files for `npm run import`, or JSON Lines)')
  .requiredOption('--out <dir>', 'output folder (created if missing)')
  .option('--scale <n>', 'approximate number of nodes', integerAtLeast(100), 10_000)
  .option('--seed <s>', 'PRNG seed: the same seed gives byte-identical files', integerAtLeast(0), 1)
  .option('--format <format>', 'seed | jsonl', 'seed')
  .option('--namespace <slug>', 'slug prefix of every key', 'gen')
  .option('--entities-per-file <n>', 'entities per seed file (one Source each)', integerAtLeast(1), 5000)
  .action((opts: { out: string; scale: number; seed: number; format: string; namespace: string; entitiesPerFile: number }) => {
    if (opts.format !== 'seed' && opts.format !== 'jsonl') throw new InvalidArgumentError(`--format must be seed or jsonl, not ${opts.format}`);
    const started = Date.now();
    const graph = generateGraph({ scale: opts.scale, seed: opts.seed, namespace: opts.namespace, entitiesPerFile: opts.entitiesPerFile });
    const files = writeGraph(graph, opts.out, opts.format);
    const { counts } = graph;
    console.log(
      `${counts.entities} entities, ${counts.sources} sources, ${counts.relationships} relationships → ${files.length} file(s) in ${opts.out} (${Date.now() - started} ms)`,
    );
    console.log(`  entities: ${JSON.stringify(counts.byType)}`);
    console.log(`  relationships: ${JSON.stringify(counts.byRelationship)}`);
  });

program.parseAsync().catch((error: unknown) => {
  console.error(`generate: ${(error as Error).message}`);
  process.exit(1);
});
