/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  // Starting a worker bundles the workflow code with webpack, which takes
  // several seconds on a 2-core machine before the first task runs.
  testTimeout: 60_000,
  // Test files share one local stack; two workers keep both cores busy.
  maxWorkers: 2,
};
