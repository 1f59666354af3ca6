/** Small real files of each accepted type: `scripts/stack/fixture-files.ts` (the fuzzer uses them too). */
export * from '../../scripts/stack/fixture-files.js';
