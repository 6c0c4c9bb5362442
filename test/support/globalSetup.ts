// Jest global setup: bundles the workflow code once per run; every worker in every test file
// loads this bundle instead of re-bundling.
import path from 'node:path';
import { writeWorkflowBundle } from '../../worker/bundle';

export default async function globalSetup(): Promise<void> {
  const codePath = path.resolve(__dirname, '..', '..', '.data', 'test-bundle', `workflow-bundle-${process.pid}.js`);
  await writeWorkflowBundle(codePath);
  process.env.WORKFLOW_BUNDLE_PATH = codePath;
}
