// What the Express app is built from: injected so tests drive the real app against real servers.
import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import type { Pool } from 'pg';
import { localDateInCopenhagen } from '../domain/calendar/copenhagenTime';
import type { LocalDate } from '../domain/calendar/localDate';

/** Dependencies of `createApp`. */
export interface AppDeps {
  client: Client;
  pool: Pool;
  mailer: Transporter;
  taskQueue: string;
  /** Token GET /metrics asks for (METRICS_TOKEN); open when unset. */
  metricsToken?: string;
  /** Base of links in emails the API queues itself (PUBLIC_URL); default http://localhost:3000. */
  publicUrl?: string;
  /** Clock for "today"; tests may pin it. */
  now?: () => number;
}

/** The app's clock in epoch milliseconds. */
export const nowOf = (deps: AppDeps): number => (deps.now ?? Date.now)();

/** Today in Copenhagen by the app's clock: the day every deadline and "overdue" is reckoned in. */
export const todayOf = (deps: AppDeps): LocalDate => localDateInCopenhagen(nowOf(deps));
