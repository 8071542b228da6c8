/** Jest runs the TypeScript sources through ts-jest; integration tests spawn the built dist/cli.js. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 60000,
  // Browser and process suites are heavy on 2 cores: two workers keep the wall time low without thrashing.
  maxWorkers: 2,
};
