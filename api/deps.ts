// What the Express app is built from: injected so tests drive the real app against real servers.
import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import type { Pool } from 'pg';

/** Dependencies of `createApp`. */
export interface AppDeps {
  client: Client;
  pool: Pool;
  mailer: Transporter;
  taskQueue: string;
  /** Token GET /metrics asks for (METRICS_TOKEN); open when unset. */
  metricsToken?: string;
  /** Clock for "today"; tests may pin it. */
  now?: () => number;
}
