// Connections to the three outside parts (Temporal, PostgreSQL, SMTP), shared by API and worker.
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import nodemailer, { type Transporter } from 'nodemailer';
import { Pool, type PoolClient } from 'pg';
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

/** Runs `fn` in one transaction on a pooled client: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** An SMTP transport; pooled so bursts of reminders reuse connections. */
export function createMailer(smtpUrl: string): Transporter {
  return nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 4 } as never, { disableFileAccess: true, disableUrlAccess: true } as never);
}

// gRPC status RESOURCE_EXHAUSTED: Temporal's refusal for load (e.g. too many updates waiting on one workflow).
const RESOURCE_EXHAUSTED = 8;

/**
 * The SDK's retries minus RESOURCE_EXHAUSTED: the API answers that at once with 503 and Retry-After
 * (the caller retries with its Idempotency-Key) instead of queueing it in the client for half a minute.
 */
function retryInterceptor() {
  const defaults = defaultGrpcRetryOptions();
  return makeGrpcRetryInterceptor({
    ...defaults,
    retryableDecider: (attempt, status) => status.code !== RESOURCE_EXHAUSTED && defaults.retryableDecider(attempt, status),
  });
}

/**
 * A Temporal client for the API and scripts; payloads are encrypted (infra/dataConverter.ts);
 * `security` adds mTLS or a Temporal Cloud API key (infra/deploymentEnv.ts).
 */
export async function createTemporalClient(address: string, namespace: string, security: TemporalSecurity = {}): Promise<Client> {
  const converter = dataConverter(); // before connecting: a missing production key fails fast
  const connection = await Connection.connect({ address, ...security, interceptors: [retryInterceptor()] });
  return new Client({ connection, namespace, dataConverter: converter });
}

/** The worker's native connection to Temporal. */
export async function createWorkerConnection(address: string, security: TemporalSecurity = {}): Promise<NativeConnection> {
  return NativeConnection.connect({ address, ...security });
}
