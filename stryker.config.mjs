/**
 * Mutation testing of the pure rules in domain/ (`npm run test:mutation`; not part of every CI run: it takes long).
 * The score and the survivors' explanation are in docs/testing.md.
 */
import process from 'node:process';

export default {
  mutate: process.env.STRYKER_MUTATE ? process.env.STRYKER_MUTATE.split(',') : ['domain/**/*.ts'],
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: '.data/mutation/report.json' },
  tempDirName: '.data/stryker-tmp',
  ignorePatterns: ['.data', '.tools', 'dist', 'coverage'],
  thresholds: { high: 90, low: 85, break: null },
  timeoutMS: 20000,
};
