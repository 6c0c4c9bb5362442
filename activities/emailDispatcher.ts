// The outbox dispatcher, run in every worker process: claims due rows under a lease, sends them with no
// database connection held, then marks each sent, retried later or bounced (and tells the case of a bounce).
import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import { classifySendFailure, isPlausibleAddress, messageIdFor, type OutboxRow, type SendFailure } from './email';
import { policyFor } from '../domain/kernel/policy';
import { localDateInCopenhagen } from '../domain/calendar/copenhagenTime';

/** A bounced email of a case, as the case is told of it. */
export interface BouncedEmail {
  key: string;
  caseId: string;
  template: string;
  to: { name: string; email: string };
  reason: string;
  bouncedAt: string;
}

/** What telling a case came to: told, or the case's workflow has finished (the bounced row simply stays). */
export type BounceNotice = 'told' | 'case-finished';

/** The dispatcher's setup; the numbers have production defaults and are smaller in tests. */
export interface EmailDispatcherOptions {
  /** Its own small pool: sending never competes with the projections for connections. */
  pool: Pool;
  mailer: Transporter;
  mailFrom: string;
  /** Tells the case's workflow of a bounce; throws when that failed (tried again later). Without it, bounces wait for a dispatcher that can. */
  notifyBounce?: (bounce: BouncedEmail) => Promise<BounceNotice>;
  /** Messages on their way to the relay at once (default 4, the mailer's pooled SMTP connections). */
  concurrency?: number;
  /** How long a claim holds a row (default 90 s, well beyond a send's timeout); a crashed dispatcher's rows are taken over after it. */
  leaseMs?: number;
  /** Longest wait between looks at the outbox when nobody wakes the dispatcher (default 2 s). */
  pollMs?: number;
  /** A send not answered by then counts as a temporary failure (default 30 s, well inside the lease). */
  sendTimeoutMs?: number;
  /** Backoff after a temporary failure: first delay, doubling per attempt up to the maximum (defaults 30 s, 30 min). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Temporary failures are given up (bounced) this long after the first one; default: policy `email.temporaryFailureLimitHours`. */
  temporaryFailureLimitMs?: number;
  /** Test hook: runs after the relay accepted a message, before it is marked sent (a throw = the mark failed). */
  beforeMarkSent?: (key: string) => Promise<void> | void;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

/** A row this dispatcher claimed, with how often it was tried before. */
type ClaimedRow = OutboxRow & { attempts: number };

/** Counters for logs, metrics and tests. */
export interface DispatcherStats {
  claimed: number;
  sent: number;
  retried: number;
  bounced: number;
  /** Marks that failed and were tried again (the message was out; only its record failed). */
  markRetries: number;
}

const defaultLog: NonNullable<EmailDispatcherOptions['log']> = (level, msg, fields) =>
  console.error(JSON.stringify({ level, msg: `email: ${msg}`, ...fields }));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves with the promise, or rejects with a timeout error after `ms` (the promise itself runs on). */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer from the relay within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A duration in Danish for a bounce reason ("72 timer", or seconds for the short limits of tests). */
function durationDa(ms: number): string {
  return ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} timer` : `${Math.round(ms / 1000)} sekunder`;
}

/** Sends the outbox. `start()` runs it until `stop()`; `wake()` makes it look at once (new rows were queued). */
export class EmailDispatcher {
  readonly stats: DispatcherStats = { claimed: 0, sent: 0, retried: 0, bounced: 0, markRetries: 0 };
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly sendTimeoutMs: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly log: NonNullable<EmailDispatcherOptions['log']>;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop: Promise<void> | null = null;
  private woken = false;
  private wakeUp: (() => void) | null = null;
  private notifyPausedUntil = 0;
  /** After stop(), marks of messages already sent are tried until then. */
  private stopDeadline = Infinity;

  constructor(private readonly opts: EmailDispatcherOptions) {
    this.concurrency = opts.concurrency ?? 4;
    this.leaseMs = opts.leaseMs ?? 90_000;
    this.pollMs = opts.pollMs ?? 2_000;
    this.sendTimeoutMs = opts.sendTimeoutMs ?? 30_000;
    this.retryBaseMs = opts.retryBaseMs ?? 30_000;
    this.retryMaxMs = opts.retryMaxMs ?? 30 * 60_000;
    this.log = opts.log ?? defaultLog;
  }

  /** Starts the loop (once). */
  start(): this {
    if (!this.running) {
      this.running = true;
      this.stopDeadline = Infinity;
      this.loop = this.run();
    }
    return this;
  }

  /** New rows were queued: look now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming, then waits for the messages in flight to be sent and marked. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopDeadline = Date.now() + 15_000;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimedFull = false;
      try {
        const free = this.concurrency - this.inFlight.size;
        if (free > 0) {
          const rows = await this.claim(free);
          claimedFull = rows.length === free;
          for (const row of rows) this.track(this.deliver(row));
        }
        await this.notifyBounces();
      } catch (err) {
        // PostgreSQL away (restart, failover): the rows wait in the outbox; look again after a pause.
        this.log('warn', 'outbox not reachable, trying again', { error: String(err) });
        await this.idle(this.pollMs);
        continue;
      }
      // More may be due right away when a full batch was claimed and slots are free again.
      if (claimedFull && this.inFlight.size < this.concurrency) continue;
      await this.idle(this.pollMs);
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => {
      this.inFlight.delete(p);
      this.wake(); // a free slot
    });
  }

  /** Waits until woken or `ms` passed. */
  private async idle(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
    this.wakeUp = null;
    this.woken = false;
  }

  /** Claims up to `n` due rows for this dispatcher for the lease; rows of a crashed dispatcher are due again once its lease ran out. */
  async claim(n: number): Promise<ClaimedRow[]> {
    const { rows } = await this.opts.pool.query<ClaimedRow>(
      `UPDATE email_outbox SET claimed_until = now() + make_interval(secs => $2::float8 / 1000), attempts = attempts + 1
       WHERE key IN (
         SELECT key FROM email_outbox
         WHERE sent_at IS NULL AND bounced_at IS NULL AND next_attempt_at <= now()
           AND (claimed_until IS NULL OR claimed_until < now())
         ORDER BY next_attempt_at, created_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
       RETURNING key, case_id, to_email, to_name, template, subject, body, attempts`,
      [n, this.leaseMs],
    );
    this.stats.claimed += rows.length;
    return rows;
  }

  /** Sends one claimed row and records what happened; never throws. */
  private async deliver(row: ClaimedRow): Promise<void> {
    const failure = await this.send(row);
    try {
      if (!failure) await this.markSent(row.key);
      else if (failure.permanent) await this.markBounced(row, failure.reason);
      else await this.markRetry(row, failure.reason);
    } catch (err) {
      // Only a failed sent-mark gets here after its retries: the lease runs out and the row is sent again (same Message-ID).
      this.log('error', 'could not record the outcome of a message; it will be tried again when its lease ends', { key: row.key, error: String(err) });
    }
  }

  /** The SMTP exchange, with no database connection held; undefined when the relay accepted the message (250). */
  private async send(row: ClaimedRow): Promise<SendFailure | undefined> {
    if (!isPlausibleAddress(row.to_email)) return { permanent: true, reason: `Ugyldig e-mailadresse: ${row.to_email}` };
    try {
      await within(
        this.opts.mailer.sendMail({
          from: this.opts.mailFrom,
          to: { name: row.to_name, address: row.to_email },
          subject: row.subject,
          text: row.body,
          messageId: messageIdFor(row.key),
        }),
        this.sendTimeoutMs,
      );
      return undefined;
    } catch (err) {
      return classifySendFailure(err);
    }
  }

  /**
   * Marks a row sent. The relay has the message, so this is retried (1 s apart) until it succeeds: a passing
   * PostgreSQL outage sends no second copy. Only a crash here (or a stop while PostgreSQL is still away, or
   * an outage so long that another dispatcher claims the row after its lease) sends it again, with the same Message-ID.
   */
  private async markSent(key: string): Promise<void> {
    for (;;) {
      try {
        await this.opts.beforeMarkSent?.(key);
        await this.opts.pool.query(`UPDATE email_outbox SET sent_at = coalesce(sent_at, now()), claimed_until = NULL WHERE key = $1`, [key]);
        this.stats.sent++;
        return;
      } catch (err) {
        if (!this.running && Date.now() > this.stopDeadline) throw err;
        this.stats.markRetries++;
        this.log('warn', 'message accepted by the relay but not yet recorded as sent; recording again', { key, error: String(err) });
        await sleep(1_000);
      }
    }
  }

  /** Marks a row permanently undeliverable with the relay's answer and tells its case. */
  private async markBounced(row: ClaimedRow, reason: string): Promise<void> {
    const { rows } = await this.opts.pool.query<{ bounced_at: Date }>(
      `UPDATE email_outbox SET bounced_at = now(), last_error = $2, claimed_until = NULL,
         bounce_notified_at = CASE WHEN case_id IS NULL THEN now() END
       WHERE key = $1 AND sent_at IS NULL AND bounced_at IS NULL
       RETURNING bounced_at`,
      [row.key, reason],
    );
    if (rows.length === 0) return;
    this.stats.bounced++;
    this.log('warn', 'message bounced', { key: row.key, caseId: row.case_id, reason });
    if (row.case_id) await this.notify({ key: row.key, caseId: row.case_id, template: row.template, to: { name: row.to_name, email: row.to_email }, reason, bouncedAt: rows[0].bounced_at.toISOString() });
  }

  /** A temporary failure: tried again after a backoff, or bounced once failures have lasted past the limit. */
  private async markRetry(row: ClaimedRow, reason: string): Promise<void> {
    const limitMs = this.opts.temporaryFailureLimitMs ?? policyFor(localDateInCopenhagen(Date.now())).email.temporaryFailureLimitHours * 3_600_000;
    const backoff = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** Math.min(20, Math.max(0, row.attempts - 1)));
    const delay = Math.round(backoff * (1 + Math.random() * 0.1)); // spread the retries after an outage
    const gaveUp = `Opgivet efter ${durationDa(limitMs)} med midlertidige fejl; seneste svar: ${reason}`.slice(0, 1000);
    const { rows } = await this.opts.pool.query<{ bounced_at: Date | null }>(
      `UPDATE email_outbox SET
         claimed_until = NULL,
         first_failed_at = coalesce(first_failed_at, now()),
         next_attempt_at = now() + make_interval(secs => $3::float8 / 1000),
         bounced_at = CASE WHEN coalesce(first_failed_at, now()) + make_interval(secs => $4::float8 / 1000) <= now() THEN now() END,
         last_error = CASE WHEN coalesce(first_failed_at, now()) + make_interval(secs => $4::float8 / 1000) <= now() THEN $5 ELSE $2 END,
         bounce_notified_at = CASE WHEN case_id IS NULL THEN now() END
       WHERE key = $1 AND sent_at IS NULL AND bounced_at IS NULL
       RETURNING bounced_at`,
      [row.key, reason, delay, limitMs, gaveUp],
    );
    if (rows.length === 0) return;
    if (!rows[0].bounced_at) {
      this.stats.retried++;
      return;
    }
    this.stats.bounced++;
    this.log('warn', 'message given up after temporary failures', { key: row.key, caseId: row.case_id, reason });
    if (row.case_id) await this.notify({ key: row.key, caseId: row.case_id, template: row.template, to: { name: row.to_name, email: row.to_email }, reason: gaveUp, bouncedAt: rows[0].bounced_at.toISOString() });
  }

  /** Tells the case now; if that fails, the periodic pass (notifyBounces) tries again. */
  private async notify(bounce: BouncedEmail): Promise<void> {
    if (!this.opts.notifyBounce) return;
    try {
      const outcome = await this.opts.notifyBounce(bounce);
      await this.opts.pool.query('UPDATE email_outbox SET bounce_notified_at = now() WHERE key = $1', [bounce.key]);
      if (outcome === 'case-finished') this.log('info', 'bounce of a finished case left in the outbox', { key: bounce.key, caseId: bounce.caseId });
    } catch (err) {
      this.notifyPausedUntil = Date.now() + 10_000;
      this.log('warn', 'could not tell the case of a bounce yet', { key: bounce.key, caseId: bounce.caseId, error: String(err) });
    }
  }

  /** Bounces whose case was not told yet (Temporal was away, or the dispatcher crashed in between). */
  private async notifyBounces(): Promise<void> {
    if (!this.opts.notifyBounce || Date.now() < this.notifyPausedUntil) return;
    const { rows } = await this.opts.pool.query<{ key: string; case_id: string; template: string; to_name: string; to_email: string; last_error: string | null; bounced_at: Date }>(
      `SELECT key, case_id, template, to_name, to_email, last_error, bounced_at FROM email_outbox
       WHERE bounced_at IS NOT NULL AND bounce_notified_at IS NULL AND case_id IS NOT NULL AND bounced_at < now() - interval '5 seconds'
       ORDER BY bounced_at LIMIT 20`,
    );
    for (const r of rows) {
      if (Date.now() < this.notifyPausedUntil) return;
      await this.notify({ key: r.key, caseId: r.case_id, template: r.template, to: { name: r.to_name, email: r.to_email }, reason: r.last_error ?? '', bouncedAt: r.bounced_at.toISOString() });
    }
  }
}
