// `npm run worker`: one worker process; SIGINT/SIGTERM drain it gracefully. JSON logs on stdout,
// optional Prometheus metrics (WORKER_METRICS_PORT) and health endpoint (WORKER_HEALTH_PORT).
import { loadConfig } from '../infra/config';
import { startHealthServer } from './health';
import { startWorker } from './run';
import { installWorkerRuntime } from './runtime';

async function main() {
  const config = loadConfig();
  installWorkerRuntime(config);
  const running = await startWorker(config);
  const health = config.WORKER_HEALTH_PORT ? await startHealthServer(config.WORKER_HEALTH_PORT, running.state) : undefined;
  console.log(
    JSON.stringify({ level: 'info', msg: 'worker started', taskQueue: config.TASK_QUEUE, pid: process.pid, workflowBundle: running.workflowBundle }),
  );
  // The runtime also drains the worker on these signals; shutdown() is safe to call twice.
  const stop = () => void running.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await running.done;
  health?.close();
  console.log(JSON.stringify({ level: 'info', msg: 'worker stopped' }));
}

main().catch((err) => {
  console.error(JSON.stringify({ level: 'error', msg: `worker failed: ${(err as Error).message}` }));
  process.exit(1);
});
