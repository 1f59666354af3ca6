/** Every DigiSoc workflow, for the worker's bundle. One module per business process. */
export * from './document-integrity-check.js';
export * from './registry-check.js';
export * from './dms-intake.js';
export * from './outbound-document.js';
export * from './placement-review.js';
export * from './npais-sync.js';
export * from './adoption-match.js';
export * from './means-test-cycle.js';
export * from './social-service.js';
export * from './specialist-qualification/workflow.js';
