// Jest global setup: bundles the workflow code once per run; every worker in every test file
// loads this bundle instead of re-bundling.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../../infra/dataConverter';

export default async function globalSetup(): Promise<void> {
  const dir = path.resolve(__dirname, '..', '..', '.data', 'test-bundle');
  mkdirSync(dir, { recursive: true });
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    // Must match the workers' dataConverter (failure messages encoded, then encrypted).
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never,
  });
  const codePath = path.join(dir, `workflow-bundle-${process.pid}.js`);
  writeFileSync(codePath, code);
  process.env.WORKFLOW_BUNDLE_PATH = codePath;
}
