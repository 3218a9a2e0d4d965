import fs from 'node:fs';
import path from 'node:path';

/** The folder holding ecograph's package.json, whether running from src/ (tests) or dist/src/. */
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'ecograph') return dir;
    if (path.dirname(dir) === dir) throw new Error(`ecograph's package.json was not found above ${start}`);
  }
}

export const packageRoot = findPackageRoot(__dirname);
export const schemaDir = path.join(packageRoot, 'schema');
export const neo4jRuntimePom = path.join(packageRoot, 'neo4j', 'pom.xml');
export const seedsDir = path.join(packageRoot, 'seeds');
