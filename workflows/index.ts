/** Every DigiSoc workflow, for the worker's bundle. One module per business process. */
export * from './document-integrity-check.js';
export * from './registry-check.js';
