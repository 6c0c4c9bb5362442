// Workflow-side part of the diagnostic task log (LOG_TASKS=1, worker/taskLog.ts): one log line per
// workflow task (activation) this worker completes; the SDK drops workflow logs during replay.
import { log, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export const interceptors: WorkflowInterceptorsFactory = () => ({
  internals: [
    {
      concludeActivation(input, next) {
        log.info('workflow task', { commands: input.commands.length });
        return next(input);
      },
    },
  ],
});
