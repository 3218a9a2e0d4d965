import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__ECOGRAPH_TEST_NEO4J__?.stop();
  if (globalThis.__ECOGRAPH_TEST_DATA__) fs.rmSync(globalThis.__ECOGRAPH_TEST_DATA__, { recursive: true, force: true });
}
