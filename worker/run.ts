// Starts a worker process's parts from the configuration and returns a shutdown function.
import type { Config } from '../infra/config';
import { createMailer, createPool, createWorkerConnection } from '../infra/connections';
import { temporalSecurity } from '../infra/deploymentEnv';
import { createWorker } from './createWorker';
import { taskLogOptions } from './taskLog';
import { Client } from '@temporalio/client';
import { dataConverter } from '../infra/dataConverter';
import { ensureCaseSearchAttributes, ensureDigestSchedule } from './schedules';
import { startEmailDispatch } from './emailDispatch';

/** A running worker. */
export interface RunningWorker {
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
  /** Stops polling, lets in-flight tasks finish, closes connections. */
  shutdown(): Promise<void>;
  /** The worker's state (RUNNING, DRAINING, STOPPED …), for the health endpoint. */
  state(): string;
  /** The prebuilt workflow bundle it loaded, or 'bundled at start'. */
  workflowBundle: string;
}

/** Creates and runs the worker. */
export async function startWorker(config: Config): Promise<RunningWorker> {
  const pool = createPool(config.DATABASE_URL);
  const mailer = createMailer(config.SMTP_URL);
  const connection = await createWorkerConnection(config.TEMPORAL_ADDRESS, temporalSecurity(config));
  // Supervision: search attributes the case workflow upserts, and the daily digest Schedule.
  await ensureCaseSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
  const temporalClient = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter() });
  await ensureDigestSchedule(temporalClient, config.TASK_QUEUE);
  // The outbox dispatcher sends what the projections queued, on its own small pool (never the projections').
  const outbox = startEmailDispatch({ databaseUrl: config.DATABASE_URL, mailer, mailFrom: config.MAIL_FROM, client: temporalClient });
  // The task log's workflow part is an interceptor that must be bundled in, so LOG_TASKS bundles at start.
  const prebuilt = config.LOG_TASKS ? undefined : config.WORKFLOW_BUNDLE_PATH;
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    deps: { pool, mailer, mailFrom: config.MAIL_FROM, publicUrl: config.PUBLIC_URL, temporalClient, outbox: outbox.dispatcher },
    ...(prebuilt ? { workflowBundle: { codePath: prebuilt } } : {}),
    options: {
      shutdownGraceTime: `${config.WORKER_SHUTDOWN_GRACE_SECONDS}s`,
      ...(config.LOG_TASKS ? taskLogOptions() : {}),
      ...(config.WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS } : {}),
    },
  });
  const done = worker.run().finally(async () => {
    // Messages in flight are sent and marked before the connections close.
    await outbox.stop();
    await connection.close().catch(() => undefined);
    mailer.close();
    await pool.end().catch(() => undefined);
  });
  return {
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
    state: () => worker.getState(),
    workflowBundle: prebuilt ?? 'bundled at start',
  };
}
