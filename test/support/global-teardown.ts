export default async function globalTeardown(): Promise<void> {
  await globalThis.__ECOGRAPH_TEST_NEO4J__?.stop();
}
