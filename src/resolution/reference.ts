import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Seed } from '../importer/seed-format';
import { seedsDir } from '../paths';
import { EntityRegistry } from './registry';

/** The reference list's seed files: seeds/reference-*.yaml, reviewed like any other seed. */
export const REFERENCE_FILE = /^reference-.*\.ya?ml$/;

export function referenceFiles(dir: string = seedsDir): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => REFERENCE_FILE.test(f))
        .sort()
        .map((f) => path.join(dir, f))
    : [];
}

export const referenceSeeds = (dir: string = seedsDir): Seed[] => referenceFiles(dir).map((file) => parse(fs.readFileSync(file, 'utf8')) as Seed);

/** A registry holding the reference list: regions, universities, funders and innovation bodies. */
export const referenceRegistry = (dir: string = seedsDir) => EntityRegistry.fromSeeds(referenceSeeds(dir));
