// Starts a worker process's parts from the configuration and returns a shutdown function.
import type { Config } from '../infra/config';
import { createMailer, createPool, createWorkerConnection } from '../infra/connections';
import { createWorker } from './createWorker';

/** A running worker. */
export interface RunningWorker {
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
  /** Stops polling, lets in-flight tasks finish, closes connections. */
  shutdown(): Promise<void>;
}

/** Creates and runs the worker. */
export async function startWorker(config: Config): Promise<RunningWorker> {
  const pool = createPool(config.DATABASE_URL);
  const mailer = createMailer(config.SMTP_URL);
  const connection = await createWorkerConnection(config.TEMPORAL_ADDRESS);
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    deps: { pool, mailer, mailFrom: config.MAIL_FROM, publicUrl: config.PUBLIC_URL },
  });
  const done = worker.run().finally(async () => {
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
  };
}
