/** Every DigiSoc workflow, for the worker's bundle. One module per business process. */
export * from './document-integrity-check.js';
export * from './registry-check/workflow.js';
export * from './dms-intake.js';
export * from './outbound-document.js';
export * from './placement-review/workflow.js';
export * from './npais-sync/workflow.js';
export * from './adoption-match/workflow.js';
export * from './means-test/workflow.js';
export * from './social-services/workflow.js';
export * from './specialist-qualification/workflow.js';
export * from './provider-registration/workflow.js';
export * from './care-queue-place/workflow.js';
export * from './analytics-export/workflow.js';
export * from './complaint-deadline/workflow.js';
