// Entry point of the workflow bundle: every workflow type the worker runs.
export { retentionCaseWorkflow } from './caseWorkflow';
export { subsidyWorkflow } from './subsidyWorkflow';
export { supervisorDigestWorkflow } from './digestWorkflow';
