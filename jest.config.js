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
  // Every product folder. Workflow code runs inside Temporal's bundled sandbox, where Jest's instrumentation does not
  // reach, so it is excluded here explicitly (its behaviour is proved by tests/workflows and the replay tests).
  collectCoverageFrom: [
    'domain/**/*.ts',
    'api/**/*.ts',
    'app/**/*.ts',
    'activities/**/*.ts',
    'services/**/*.ts',
    'simulators/**/*.ts',
    'infra/**/*.ts',
    'temporal/**/*.ts',
    'scripts/**/*.ts',
    '!scripts/fuzz*.ts',
    '!workflows/**',
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
    // The production build run with plain node (scripts/build.ts): its own stage of scripts/test-all.sh.
    { ...common, displayName: 'build', testMatch: ['<rootDir>/tests/build/**/*.test.ts'] },
    // The production topology and its failure drills (issue 17): its own stage of scripts/test-all.sh.
    { ...common, displayName: 'cluster', testMatch: ['<rootDir>/tests/cluster/**/*.test.ts'] },
  ],
};
