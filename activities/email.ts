// The email outbox's rules: intents become rows in the caller's transaction (one per key, never twice), each key
// has one stable Message-ID, and an SMTP failure is permanent or temporary (emailDispatcher.ts sends the rows).
import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { EmailIntent } from '../domain/kernel/change.schema';
import { renderEmail } from '../domain/email/emailTemplates';

/** The recipient marker meaning "every active supervisor" (resolved here, not in the workflow). */
export const SUPERVISORS = 'role:supervisor';

/** A pool or a client inside a transaction. */
type Queryable = Pick<Pool | PoolClient, 'query'>;

/** An outbox row as the dispatcher sends it. */
export interface OutboxRow {
  key: string;
  case_id: string | null;
  to_email: string;
  to_name: string;
  template: string;
  subject: string;
  body: string;
}

/**
 * Queues intents as outbox rows, rendered now (the row is what gets sent). `role:supervisor` becomes one row
 * per active supervisor under `<key>:<email>`. Rows whose key exists already are left as they are.
 * Returns how many rows are new.
 */
export async function enqueueEmails(db: Queryable, caseId: string | null, intents: EmailIntent[], publicUrl: string): Promise<number> {
  if (intents.length === 0) return 0;
  let supervisors: Array<{ name: string; email: string }> | undefined;
  const rows: OutboxRow[] = [];
  for (const intent of intents) {
    const { subject, text } = renderEmail(intent.template, intent.params, publicUrl);
    const row = (key: string, to: { name: string; email: string }): OutboxRow => ({
      key,
      case_id: caseId,
      to_email: to.email,
      to_name: to.name,
      template: intent.template,
      subject,
      body: text,
    });
    if (intent.to.email === SUPERVISORS) {
      supervisors ??= (
        await db.query<{ name: string; email: string }>(
          `SELECT DISTINCT ON (email) name, email FROM actors WHERE role = 'supervisor' AND revoked_at IS NULL ORDER BY email`,
        )
      ).rows;
      for (const s of supervisors) rows.push(row(`${intent.key}:${s.email}`, s));
    } else {
      rows.push(row(intent.key, intent.to));
    }
  }
  if (rows.length === 0) return 0;
  const res = await db.query(
    `INSERT INTO email_outbox (key, case_id, to_email, to_name, template, subject, body)
     SELECT r.key, r.case_id, r.to_email, r.to_name, r.template, r.subject, r.body
     FROM jsonb_to_recordset($1::jsonb) AS r(key text, case_id text, to_email text, to_name text, template text, subject text, body text)
     ON CONFLICT (key) DO NOTHING`,
    [JSON.stringify(rows)],
  );
  return res.rowCount ?? 0;
}

/** The Message-ID of an outbox key: the same for every attempt, so receivers can drop a repeated copy. */
export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@retention.local>`;
}

/** Whether an address is worth offering to a relay at all (a typo such as a missing "@" is not). */
export function isPlausibleAddress(email: string): boolean {
  return /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/.test(email.trim());
}

/** How a failed send is to be treated, with the relay's answer (or the error) for people to read. */
export interface SendFailure {
  permanent: boolean;
  reason: string;
}

/**
 * Classifies a nodemailer error. A 5xx reply (e.g. 550 "user unknown", 553 bad address, 554) is permanent;
 * a 4xx reply, a lost or refused connection, DNS and timeouts are temporary. A refused envelope without a
 * reply code means nodemailer found no valid recipient before asking the relay: permanent too.
 */
export function classifySendFailure(err: unknown): SendFailure {
  const e = (err ?? {}) as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const reason = String(typeof e.response === 'string' && e.response ? e.response : (e.message ?? err)).slice(0, 1000);
  if (typeof e.responseCode === 'number') return { permanent: e.responseCode >= 500 && e.responseCode < 600, reason };
  return { permanent: e.code === 'EENVELOPE', reason };
}
