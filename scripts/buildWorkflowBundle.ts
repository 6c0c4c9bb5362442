// `npm run build [-- <path>]`: writes the workflow bundle (default dist/workflow-bundle.js) that a
// worker started with WORKFLOW_BUNDLE_PATH loads instead of bundling at start.
import path from 'node:path';
import { DEFAULT_BUNDLE_PATH, writeWorkflowBundle } from '../worker/bundle';

async function main() {
  const codePath = path.resolve(process.argv[2] ?? DEFAULT_BUNDLE_PATH);
  console.log('» bundling the workflow code …');
  const bytes = await writeWorkflowBundle(codePath);
  console.log(`✔ workflow bundle: ${codePath} (${Math.round(bytes / 1024)} KiB); start workers with WORKFLOW_BUNDLE_PATH=${codePath}`);
}

main().catch((err) => {
  console.error(`✖ bundling failed: ${(err as Error).message}`);
  process.exit(1);
});
