/**
 * Jest runs the TypeScript sources through ts-jest. jsdom 28 and linkedom depend on packages that ship ES
 * modules only: Node 20 can require() them, Jest's module runtime cannot, so exactly those packages are
 * compiled to CommonJS for the tests (the compiled output is cached between runs).
 */
const ESM_ONLY = [
  '@exodus',
  '@asamuzakjp',
  '@csstools',
  '@nodable',
  'parse5',
  'entities',
  'xml-naming',
  'linkedom',
  'htmlparser2',
  'css-select',
  'css-what',
  'domhandler',
  'domutils',
  'dom-serializer',
  'domelementtype',
  'nth-check',
  'boolbase',
  'uhyphen',
  'cssomnom',
  'strnum',
  'anynum',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    '/node_modules/.+\\.m?js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  testTimeout: 60000,
  // Browser and process suites are heavy on 2 cores: two workers keep the wall time low without thrashing.
  maxWorkers: 2,
};
