// Builds the Temporal worker for the case workflows: one task queue, activities from the factory.
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { dataConverter } from '../infra/dataConverter';
import { WORKFLOWS_PATH } from './bundle';

/** What a worker needs; `workflowBundle` (pre-bundled code) avoids re-bundling in tests. */
export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  workflowBundle?: WorkerOptions['workflowBundle'];
  options?: Partial<WorkerOptions>;
}


/** Creates (but does not run) a worker. */
export async function createWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    activities: createActivities(setup.deps),
    // Same converter as the client: payloads encrypted, failure messages encoded.
    dataConverter: dataConverter(),
    ...(setup.workflowBundle ? { workflowBundle: setup.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...setup.options,
  });
}
