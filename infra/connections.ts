// Connections to the three outside parts (Temporal, PostgreSQL, SMTP), shared by API and worker.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import nodemailer, { type Transporter } from 'nodemailer';
import { Pool } from 'pg';
import { dataConverter } from './dataConverter';
import type { TemporalSecurity } from './deploymentEnv';

/** A Postgres pool with a bounded size and statement timeout, so a stuck query cannot pile up. */
export function createPool(databaseUrl: string, max = 10): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max, statement_timeout: 15_000, connectionTimeoutMillis: 5_000 });
  // A client whose server went away (restart, failover) emits 'error': an idle one on the pool, a checked-out
  // one (e.g. inside a transaction) on itself. Unhandled, either kills the process (found by `npm run
  // test:faults`). The pending query fails instead (the activity retries) and the pool reconnects.
  const lost = (err: Error) => console.error(JSON.stringify({ level: 'warn', msg: `postgres: connection lost: ${err.message}` }));
  pool.on('error', lost);
  pool.on('connect', (client) => client.on('error', lost));
  return pool;
}

/** An SMTP transport; pooled so bursts of reminders reuse connections. */
export function createMailer(smtpUrl: string): Transporter {
  return nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 4 } as never, { disableFileAccess: true, disableUrlAccess: true } as never);
}

/**
 * A Temporal client for the API and scripts; payloads are encrypted (infra/dataConverter.ts);
 * `security` adds mTLS or a Temporal Cloud API key (infra/deploymentEnv.ts).
 */
export async function createTemporalClient(address: string, namespace: string, security: TemporalSecurity = {}): Promise<Client> {
  const converter = dataConverter(); // before connecting: a missing production key fails fast
  const connection = await Connection.connect({ address, ...security });
  return new Client({ connection, namespace, dataConverter: converter });
}

/** The worker's native connection to Temporal. */
export async function createWorkerConnection(address: string, security: TemporalSecurity = {}): Promise<NativeConnection> {
  return NativeConnection.connect({ address, ...security });
}
