#!/usr/bin/env node
// Builds dist/ with TypeScript only when its inputs changed since the last build, so that
// `npm start` on a folder built before costs milliseconds, not a type-check (8 s on 2 cores).
// The build is the server's TypeScript (tsc) and the explorer's browser bundle (type-checked
// with tsc -p web/explorer, bundled by build-explorer.mjs). The inputs' fingerprint (path, size
// and modification time of every file under src/ and web/, the tsconfigs, the bundling script
// and the lock file) is kept in dist/.build-inputs; an edit, a checkout, a deleted or
// added file changes it. Run directly, it builds when needed (with --always: in any case, as
// `npm run build` does); imported, ensureBuilt() does.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.build-inputs');
const entry = path.join(root, 'dist', 'src', 'cli', 'main.js');

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export function inputsFingerprint() {
  const files = [
    ...filesUnder(path.join(root, 'src')),
    ...filesUnder(path.join(root, 'web')),
    ...['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build-explorer.mjs'].map((f) => path.join(root, f)),
  ];
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    hash.update(`${path.relative(root, file)}\0${stat?.size ?? -1}\0${stat?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}

/** Builds when dist/ is missing or older than its inputs (or always); returns whether it built. Throws when the build fails. */
export function ensureBuilt({ always = false } = {}) {
  const fingerprint = inputsFingerprint();
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
  if (!always && stamp === fingerprint && fs.existsSync(entry)) return false;
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const steps = [
    ['the TypeScript build', [tsc, '-p', path.join(root, 'tsconfig.build.json')]],
    ["the explorer's type check", [tsc, '-p', path.join(root, 'web', 'explorer')]],
    ["the explorer's bundle", [path.join(root, 'scripts', 'build-explorer.mjs')]],
  ];
  for (const [what, args] of steps) {
    const run = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
    if (run.status !== 0) throw new Error(`${what} failed (exit ${run.status ?? run.signal})`);
  }
  fs.writeFileSync(stampFile, `${fingerprint}\n`);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureBuilt({ always: process.argv.includes('--always') });
  } catch (error) {
    console.error(`ecograph: ${error.message}`);
    process.exit(1);
  }
}
