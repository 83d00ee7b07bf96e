/** The compose check (test/compose): docker-compose.yml run as it ships, on a Docker engine. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/compose/**/*.test.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
