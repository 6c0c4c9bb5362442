// Connections to the three outside parts (Temporal, PostgreSQL, SMTP), shared by API and worker.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import nodemailer, { type Transporter } from 'nodemailer';
import { Pool } from 'pg';

/** A Postgres pool with a bounded size and statement timeout, so a stuck query cannot pile up. */
export function createPool(databaseUrl: string, max = 10): Pool {
  return new Pool({ connectionString: databaseUrl, max, statement_timeout: 15_000, connectionTimeoutMillis: 5_000 });
}

/** An SMTP transport; pooled so bursts of reminders reuse connections. */
export function createMailer(smtpUrl: string): Transporter {
  return nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 4 } as never, { disableFileAccess: true, disableUrlAccess: true } as never);
}

/** A Temporal client for the API and scripts. */
export async function createTemporalClient(address: string, namespace: string): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, namespace });
}

/** The worker's native connection to Temporal. */
export async function createWorkerConnection(address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address });
}
