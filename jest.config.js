/** Jest runs TypeScript ESM through SWC. Projects split fast pure tests from those needing the real stack. */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
      module: { type: 'es6' },
    },
  ],
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
};

export default {
  // Integration and workflow tests drive real servers on a 2-core machine.
  testTimeout: 120_000,
  collectCoverageFrom: [
    'domain/**/*.ts',
    'api/**/*.ts',
    'activities/**/*.ts',
    'workflows/**/*.ts',
    'infra/**/*.ts',
    'temporal/**/*.ts',
  ],
  coverageReporters: ['text-summary'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/tests/workflows/**/*.test.ts'],
      slowTestThreshold: 60,
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts', '<rootDir>/tests/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/helpers/global-setup.mjs',
      globalTeardown: '<rootDir>/tests/helpers/global-teardown.mjs',
    },
  ],
};
