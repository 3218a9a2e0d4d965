// Bundles the explorer's browser code (web/explorer/) into dist/explorer/ with esbuild, from the
// installed packages: the page loads nothing from any other origin. Type-checking is tsc's job
// (`tsc -p web/explorer`, run before this by `npm run build`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'web', 'explorer');
const out = path.join(root, 'dist', 'explorer');

fs.rmSync(out, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: {
    explorer: path.join(source, 'main.ts'),
    'layout-worker': path.join(source, 'layout-worker.ts'),
    'explorer-style': path.join(source, 'explorer.css'),
  },
  outdir: out,
  bundle: true,
  format: 'iife',
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});
fs.copyFileSync(path.join(source, 'index.html'), path.join(out, 'index.html'));

const sizes = Object.entries(result.metafile.outputs)
  .filter(([file]) => !file.endsWith('.map') && !file.endsWith('.txt'))
  .map(([file, { bytes }]) => `${path.basename(file)} ${(bytes / 1024).toFixed(0)} KiB`);
console.log(`explorer bundled into ${path.relative(root, out)}/: ${sizes.join(', ')}`);
