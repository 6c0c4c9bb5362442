// Sends a workflow's email intent exactly once per key: the outbox row is claimed under a row lock,
// sent, and marked; a retried activity finds it marked and sends nothing.
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import type { EmailIntent } from '../domain/kernel/change.schema';
import { renderEmail } from '../domain/email/emailTemplates';

/** What the email activity needs from its environment. */
export interface MailDeps {
  pool: Pool;
  mailer: Transporter;
  mailFrom: string;
  publicUrl: string;
}

/** The recipient marker meaning "every active supervisor" (resolved here, not in the workflow). */
export const SUPERVISORS = 'role:supervisor';

/** Sends one intent (expanded to each supervisor for escalations); returns how many emails went out now. */
export async function deliverEmail(deps: MailDeps, intent: EmailIntent): Promise<number> {
  const recipients =
    intent.to.email === SUPERVISORS
      ? (
          await deps.pool.query<{ name: string; email: string }>(
            `SELECT DISTINCT ON (email) name, email FROM actors WHERE role = 'supervisor' AND revoked_at IS NULL ORDER BY email`,
          )
        ).rows.map((r) => ({ ...r, key: `${intent.key}:${r.email}` }))
      : [{ ...intent.to, key: intent.key }];
  const { subject, text } = renderEmail(intent.template, intent.params, deps.publicUrl);
  let sent = 0;
  for (const to of recipients) {
    if (await sendOnce(deps, intent.template, to, subject, text)) sent++;
  }
  return sent;
}

async function sendOnce(
  deps: MailDeps,
  template: string,
  to: { key: string; name: string; email: string },
  subject: string,
  text: string,
): Promise<boolean> {
  const client = await deps.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO email_outbox (key, to_email, to_name, template, subject, body) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (key) DO NOTHING`,
      [to.key, to.email, to.name, template, subject, text],
    );
    const row = await client.query<{ sent_at: Date | null }>('SELECT sent_at FROM email_outbox WHERE key = $1 FOR UPDATE', [to.key]);
    if (row.rows[0].sent_at) {
      await client.query('COMMIT');
      return false;
    }
    await client.query('UPDATE email_outbox SET attempts = attempts + 1 WHERE key = $1', [to.key]);
    // A stable Message-ID lets receivers drop the one duplicate the SMTP/commit window could cause.
    const messageId = `<${createHash('sha256').update(to.key).digest('hex').slice(0, 32)}@retention.local>`;
    await deps.mailer.sendMail({ from: deps.mailFrom, to: { name: to.name, address: to.email }, subject, text, messageId });
    try {
      await client.query('UPDATE email_outbox SET sent_at = now() WHERE key = $1', [to.key]);
      await client.query('COMMIT');
    } catch {
      // The message is out; only its record failed (PostgreSQL restarting, found by `npm run test:faults`).
      // Failing here would make the activity's retry send it again, so record it on a fresh connection.
      await recordSent(deps.pool, template, to, subject, text);
    }
    return true;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Marks a delivered message as sent, retrying for up to 45 s (inside the activity's 1-minute timeout). */
async function recordSent(pool: Pool, template: string, to: { key: string; name: string; email: string }, subject: string, text: string): Promise<void> {
  const until = Date.now() + 45_000;
  for (;;) {
    try {
      await pool.query(
        `INSERT INTO email_outbox (key, to_email, to_name, template, subject, body, attempts, sent_at) VALUES ($1,$2,$3,$4,$5,$6,1,now())
         ON CONFLICT (key) DO UPDATE SET sent_at = coalesce(email_outbox.sent_at, now())`,
        [to.key, to.email, to.name, template, subject, text],
      );
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}
