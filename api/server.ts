// Starts the HTTP API from the configuration: connections, migrations, the app and a listener.
import type { Server } from 'node:http';
import type { Config } from '../infra/config';
import { createMailer, createPool, createTemporalClient } from '../infra/connections';
import { temporalSecurity } from '../infra/deploymentEnv';
import { migrate } from '../db/migrate';
import { createApp } from './app';

/** A running API. */
export interface RunningApi {
  server: Server;
  url: string;
  shutdown(): Promise<void>;
}

/** Runs migrations and listens on config.PORT; rejects with a readable error if the port is taken. */
export async function startApi(config: Config): Promise<RunningApi> {
  const pool = createPool(config.DATABASE_URL, 20);
  await migrate(pool);
  const mailer = createMailer(config.SMTP_URL);
  const client = await createTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE, temporalSecurity(config));
  const app = createApp({ client, pool, mailer, taskQueue: config.TASK_QUEUE, metricsToken: config.METRICS_TOKEN, publicUrl: config.PUBLIC_URL });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.PORT);
    s.once('listening', () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `port ${config.PORT} (API) is already in use; set PORT to another port` : err.message)),
    );
  });
  return {
    server,
    url: `http://localhost:${config.PORT}`,
    async shutdown() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await client.connection.close().catch(() => undefined);
      mailer.close();
      await pool.end().catch(() => undefined);
    },
  };
}
