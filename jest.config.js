/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // One Neo4j for the whole run: started here unless NEO4J_URI points at one.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Suites share that database and some start Neo4j instances of their own: one at a time
  // suits a 2-core machine and keeps the shared graph predictable.
  maxWorkers: 1,
  testTimeout: 120_000,
  // Machine-readable results for .ci/run's closing line.
  reporters: ['default', ['<rootDir>/test/support/summary-reporter.mjs', { outputFile: '.reports/jest-summary.json' }]],
};
