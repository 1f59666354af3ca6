/** The in-process stack the suites run against lives in `scripts/stack/in-process.ts` (bench uses it too). */
export * from '../../scripts/stack/in-process.js';
