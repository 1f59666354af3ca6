/** Workflow bundle entry of the means-test workflow tests: the cycle and the registry check it runs as a child. */
export { meansTestCycle } from '../../workflows/means-test/workflow.js';
export { registryCheck } from '../../workflows/registry-check/workflow.js';
