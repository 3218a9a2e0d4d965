#!/usr/bin/env node
// `npm start`: builds dist/ when the sources changed (build-if-changed.mjs), then runs
// `ecograph start` in this same process (one Node start-up fewer than a prestart script).
import { ensureBuilt } from './build-if-changed.mjs';

try {
  ensureBuilt();
} catch (error) {
  console.error(`ecograph: ${error.message}`);
  process.exit(1);
}
await import('../dist/src/cli/main.js');
