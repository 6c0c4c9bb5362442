// The workflow bundle built by the global setup, for `Worker.create({ workflowBundle })`.
export function workflowBundle(): { codePath: string } {
  const codePath = process.env.WORKFLOW_BUNDLE_PATH;
  if (!codePath) throw new Error('WORKFLOW_BUNDLE_PATH is not set: run tests through `npm test` (jest globalSetup bundles the workflows)');
  return { codePath };
}
