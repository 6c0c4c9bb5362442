// Benchmark 3, reminder fan-out: N back-dated cases whose sick-pay limit reminder is due now are
// started while the worker is down; the worker then starts and the clock runs until every reminder
// has reached the SMTP listener. Proof from the caught messages and the outbox: none lost, none doubled.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { backDatedFirstSickDay, benchIntake, startCaseDirect } from './cases';
import { waitFor, type BenchStack, type Log } from './harness';
import { runPool } from './loadClient';
import { summarise, type LatencySummary } from './stats';

/** What the fan-out benchmark measured. */
export interface FanoutFigures {
  cases: number;
  /** Seconds from the worker being ready until the last reminder was caught. */
  allDeliveredSeconds: number;
  firstDeliveredSeconds: number;
  remindersPerSecond: number;
  /** Per-reminder delay after the worker was ready (ms). */
  delay: LatencySummary;
  caughtReminders: number;
  distinctRecipients: number;
  duplicateMessageIds: number;
  lost: number;
  doubled: number;
  outboxRows: number;
  outboxUnsent: number;
  complete: boolean;
}

interface Caught {
  receivedAt: string;
  messageId: string | null;
  to: string[];
}

const mailFiles = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.json'));

export async function benchReminderFanout(stack: BenchStack, opts: { reminders: number; concurrency: number; log: Log }): Promise<FanoutFigures> {
  const { reminders: n, concurrency, log } = opts;
  const run = `f${randomUUID().slice(0, 6)}`;
  const firstSickDay = backDatedFirstSickDay();
  const before = new Set(mailFiles(stack.mailDir));

  log(`» fan-out: worker stopped; starting ${n} back-dated cases (first sick day ${firstSickDay})`);
  await stack.worker.stop();
  await runPool(n, concurrency, async (i) => void (await startCaseDirect(stack.client, stack.taskQueue, benchIntake(run, i, { sickLeave: { firstSickDay } }))), {
    log,
    label: 'fan-out: starts',
  });

  log('» fan-out: starting the worker; every reminder is due now');
  await stack.worker.start();
  const t0 = Date.now();
  // Each case also emails its insurer (case accepted): 2 messages per case.
  const expected = 2 * n;
  let lastCount = 0;
  let lastLog = 0;
  const complete = await waitFor(
    async () => {
      const count = mailFiles(stack.mailDir).filter((f) => !before.has(f)).length;
      if (Date.now() - lastLog > 5_000 && count !== lastCount) {
        log(`  fan-out: ${count}/${expected} messages caught (${((count * 1000) / (Date.now() - t0)).toFixed(1)}/s)`);
        lastLog = Date.now();
      }
      lastCount = count;
      return count >= expected;
    },
    300_000 + n * 100,
    250,
  );

  const prefix = `sb-${run}-`;
  const reminders: Caught[] = [];
  for (const f of mailFiles(stack.mailDir)) {
    if (before.has(f)) continue;
    const m = JSON.parse(readFileSync(path.join(stack.mailDir, f), 'utf8')) as Caught;
    if (m.to.some((t) => t.startsWith(prefix))) reminders.push(m);
  }
  const perRecipient = new Map<string, number>();
  for (const m of reminders) for (const t of m.to) if (t.startsWith(prefix)) perRecipient.set(t, (perRecipient.get(t) ?? 0) + 1);
  const ids = new Set(reminders.map((m) => m.messageId));
  const delays = reminders.map((m) => Date.parse(m.receivedAt) - t0);
  const last = Math.max(0, ...delays);
  const first = delays.length ? Math.min(...delays) : NaN;
  const { rows } = await stack.pool.query<{ total: string; unsent: string }>(
    `SELECT count(*) AS total, count(*) FILTER (WHERE sent_at IS NULL) AS unsent FROM email_outbox
     WHERE template = 'sick-pay-limit-reminder' AND to_email LIKE $1`,
    [`${prefix}%`],
  );
  const doubled = [...perRecipient.values()].filter((c) => c > 1).length;
  const figures: FanoutFigures = {
    cases: n,
    allDeliveredSeconds: last / 1000,
    firstDeliveredSeconds: first / 1000,
    remindersPerSecond: reminders.length / Math.max(last / 1000, 1e-3),
    delay: summarise(delays),
    caughtReminders: reminders.length,
    distinctRecipients: perRecipient.size,
    duplicateMessageIds: reminders.length - ids.size,
    lost: n - perRecipient.size,
    doubled,
    outboxRows: Number(rows[0].total),
    outboxUnsent: Number(rows[0].unsent),
    complete,
  };
  log(`  ${figures.caughtReminders} reminders in ${figures.allDeliveredSeconds.toFixed(1)} s (${figures.remindersPerSecond.toFixed(1)}/s); lost ${figures.lost}, doubled ${figures.doubled}`);
  return figures;
}
