// The workflow bundle: built once (`npm run build`, the test setup) with the options every worker
// needs, so a production worker loads it instead of bundling at each start.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../infra/dataConverter';

/** The workflows entry point the bundler starts from. */
export const WORKFLOWS_PATH = require.resolve('../workflows');

/** Where `npm run build` writes the bundle by default. */
export const DEFAULT_BUNDLE_PATH = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

/** Bundles the workflow code and writes it to `codePath`; returns its size in bytes. */
export async function writeWorkflowBundle(codePath: string): Promise<number> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    // Must match the workers' dataConverter (failure messages encoded, then encrypted).
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never,
  });
  mkdirSync(path.dirname(codePath), { recursive: true });
  writeFileSync(codePath, code);
  return Buffer.byteLength(code);
}
