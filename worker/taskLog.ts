// Diagnostic task log (LOG_TASKS=1): one JSON line per activity this worker runs here, and per
// workflow task through the workflow interceptor module (workflows/taskLogInterceptors.ts).
import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';

const WORKFLOW_INTERCEPTORS = require.resolve('../workflows/taskLogInterceptors');

// The activity context logger carries activityType, workflowId, attempt and the task queue.
const logActivities: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      ctx.log.info('activity task');
      return next(input);
    },
  },
});

/** Worker options that add the task log; the workflow part needs a bundle built with them (workflowsPath). */
export function taskLogOptions(): Partial<WorkerOptions> {
  return { interceptors: { activity: [logActivities], workflowModules: [WORKFLOW_INTERCEPTORS] } };
}
