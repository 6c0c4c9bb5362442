// Entry point of the workflow bundle: every workflow type the worker runs.
export { retentionCaseWorkflow } from './case/caseWorkflow';
export { subsidyWorkflow } from './subsidy/subsidyWorkflow';
export { supervisorDigestWorkflow } from './digest/digestWorkflow';
