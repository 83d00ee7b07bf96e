/** Integration tests share one Temporal dev server, started by the global setup. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // docker-compose.yml is checked on its own (jest.compose.config.js, run by npm test).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/compose/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: process.env.JEST_MAX_WORKERS ?? 2,
};
