/** Workflow bundle entry of the social-service workflow tests: the service and the registry check it runs as a child. */
export { socialService } from '../../workflows/social-services/workflow.js';
export { registryCheck } from '../../workflows/registry-check/workflow.js';
