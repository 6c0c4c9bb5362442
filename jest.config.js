// Jest: @swc/jest for speed; one global setup bundles the workflow code once per run.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  testTimeout: 120000,
  // Workflow tests share one time-skipping server clock and integration tests one dev server.
  maxWorkers: 1,
};
