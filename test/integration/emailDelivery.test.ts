// Email delivery through the outbox against the dev server and PostgreSQL with a slow, refusing or failing
// test relay: slow relays, bounces, retries, lease takeover and the 250-to-commit window (docs/operations.md).
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { caughtMail, eventually, startTestService, type TestService } from '../support/service';
import { startTestRelay, type TestRelay } from '../support/testRelay';
import { intakeBody } from '../support/fixtures';
import { inAMonth, today } from '../support/caseFixture';
import { EmailDispatcher } from '../../activities/emailDispatcher';
import { messageIdFor } from '../../activities/email';

let relay: TestRelay;
let svc: TestService;
let consultant: string;

beforeAll(async () => {
  relay = await startTestRelay();
  relay.refuse = (to) => to.endsWith('.invalid');
  // Temporary failures are given up after 4 s here (3 days in production).
  svc = await startTestService({ smtpUrl: relay.url, outbox: { temporaryFailureLimitMs: 4_000 } });
  consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
});
afterAll(async () => {
  await svc?.stop();
  await relay?.stop();
});

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function openCase(): Promise<string> {
  const res = await svc.api('POST', '/api/cases', { token: consultant, body: intakeBody() });
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}

test('50 emails on a relay that answers after 5 s: 20 commands on other cases still answer promptly, and every email arrives once', async () => {
  // Before the relay turns slow: the 20 other cases and the case that will send the burst.
  const others: string[] = [];
  for (let i = 0; i < 20; i += 5) others.push(...(await Promise.all([openCase(), openCase(), openCase(), openCase(), openCase()])));
  const burstCase = await openCase();
  await eventually(async () => relay.messages.length >= 21, 60_000);
  const before = relay.messages.length;

  relay.delayMs = 5_000;
  // Two roundtables with 25 participants each: 50 invitations at once.
  const participants = (n: number) =>
    Array.from({ length: 25 }, (_, i) => ({ role: 'other' as const, name: `Deltager ${n}-${i}`, email: `deltager-${n}-${i}-${burstCase.toLowerCase()}@slow.test` }));
  const burst = [1, 2].map((n) =>
    svc.api('POST', `/api/cases/${burstCase}/roundtables`, {
      token: consultant,
      body: { scheduledAt: inAMonth(), location: 'Jobcentret', purpose: 'Afklaring', agenda: ['Status'], participants: participants(n) },
    }),
  );
  // The invitations are on their way to the slow relay when the other commands arrive.
  await eventually(async () => relay.inProgress > 0, 30_000, 50);

  const latencies: number[] = [];
  const answers = await Promise.all(
    others.map(async (caseId) => {
      const t0 = Date.now();
      const res = await svc.api('POST', `/api/cases/${caseId}/sick-leave/periods`, { token: consultant, body: { kind: 'return-to-work', date: today() } });
      latencies.push(Date.now() - t0);
      return res.status;
    }),
  );
  const stillUnsent = 50 - (relay.messages.length - before);
  const figures = {
    commands: answers.length,
    p50Ms: percentile(latencies, 50),
    maxMs: Math.max(...latencies),
    invitationsStillOnTheRelayWhenTheCommandsWereDone: stillUnsent,
  };
  console.log(`slow relay: ${JSON.stringify(figures)}`);
  expect(answers).toEqual(others.map(() => 200));
  // Robust bounds only: 50 messages at 5 s each take a minute; every command was answered in a fraction of that.
  expect(figures.maxMs).toBeLessThan(15_000);
  expect(stillUnsent).toBeGreaterThan(20);
  expect((await Promise.all(burst)).map((r) => r.status)).toEqual([201, 201]);

  // All 50 arrive, each exactly once (the relay counts Message-IDs).
  await eventually(async () => relay.messages.length - before >= 50, 180_000, 1_000);
  const invitations = relay.messages.filter((m) => m.to.some((t) => t.endsWith('@slow.test')));
  expect(invitations).toHaveLength(50);
  expect(new Set(invitations.map((m) => m.messageId)).size).toBe(50);
  expect(await caughtMail(invitations[0].to[0])).toHaveLength(0); // nothing went to the stack's catcher
}, 300_000);

interface OutboxRow {
  key: string;
  sent_at: Date | null;
  bounced_at: Date | null;
  attempts: number;
  first_failed_at: Date | null;
  last_error: string | null;
  case_id: string | null;
}
const outboxRow = async (key: string): Promise<OutboxRow | undefined> =>
  (await svc.pool.query<OutboxRow>('SELECT key, sent_at, bounced_at, attempts, first_failed_at, last_error, case_id FROM email_outbox WHERE key = $1', [key])).rows[0];

test('a refused recipient (550): bounced with the answer of the relay, one task for the consultant, on the case view and the stuck list', async () => {
  const supervisor = await svc.token('supervisor', 'fastholdelsescentret', 'Lis Leder');
  const body = intakeBody();
  const insurerEmail = `skade-${randomUUID().slice(0, 8)}@forsikring.invalid`;
  const created = await svc.api('POST', '/api/cases', { token: consultant, body: { ...body, insurer: { ...body.insurer, email: insurerEmail } } });
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;
  const key = `case-accepted:${caseId}`;

  const view = await eventually(async () => {
    const res = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
    return res.body.undeliverableEmails?.length > 0 && res.body;
  }, 30_000);
  expect(view.undeliverableEmails).toEqual([
    { key, template: 'case-accepted-insurer', to: { name: body.insurer.name, email: insurerEmail }, reason: expect.stringContaining('550'), bouncedAt: expect.any(String) },
  ]);
  const tasks = view.tasks.filter((t: { ref: string | null }) => t.ref === key);
  expect(tasks).toEqual([
    expect.objectContaining({ status: 'open', title: `Ret e-mailadressen for ${body.insurer.name} (${insurerEmail}): beskeden kunne ikke leveres`, owner: expect.objectContaining({ role: 'consultant', name: 'Karen Konsulent' }) }),
  ]);
  const row = (await outboxRow(key))!;
  expect(row).toMatchObject({ sent_at: null, attempts: 1, case_id: caseId });
  expect(row.last_error).toMatch(/^550/);
  expect(relay.messages.filter((m) => m.to.includes(insurerEmail))).toHaveLength(0);

  const stuck = await svc.api('GET', `/api/supervisor/stuck?code=email-bounced`, { token: supervisor });
  expect(stuck.status).toBe(200);
  expect(stuck.body.labels['email-bounced']).toBe('E-mail kunne ikke leveres');
  const item = stuck.body.items.find((i: { caseId: string }) => i.caseId === caseId);
  expect(item.reasons).toContainEqual({ code: 'email-bounced', since: today(), detail: `1 e-mail kunne ikke leveres; senest til ${body.insurer.name} (${today()}).` });

  // Done: the address is fixed, the task completed, and the case leaves the stuck list for this reason.
  const done = await svc.api('POST', `/api/tasks/${tasks[0].taskId}/complete`, { token: consultant, body: { note: 'Ny adresse noteret.' } });
  expect(done.status).toBe(200);
  const after = await svc.api('GET', `/api/supervisor/stuck?code=email-bounced`, { token: supervisor });
  expect(after.body.items.some((i: { caseId: string }) => i.caseId === caseId)).toBe(false);
});

test('temporary failures (451) are retried with backoff until the relay takes the message: delivered once', async () => {
  const body = intakeBody();
  const insurerEmail = body.insurer.email.toLowerCase();
  relay.tempFailures.set(insurerEmail, 2);
  const created = await svc.api('POST', '/api/cases', { token: consultant, body });
  const key = `case-accepted:${created.body.caseId}`;
  const row = await eventually(async () => {
    const r = await outboxRow(key);
    return r?.sent_at ? r : undefined;
  }, 30_000);
  expect(row).toMatchObject({ attempts: 3, bounced_at: null });
  expect(row.first_failed_at).not.toBeNull();
  expect(relay.count(messageIdFor(key))).toBe(1);
});

test('temporary failures past the limit count as a bounce: given up with the last answer, and the case gets its task', async () => {
  const body = intakeBody();
  relay.tempFailures.set(body.insurer.email.toLowerCase(), 1_000);
  const created = await svc.api('POST', '/api/cases', { token: consultant, body });
  const caseId = created.body.caseId as string;
  const key = `case-accepted:${caseId}`;
  const row = await eventually(async () => {
    const r = await outboxRow(key);
    return r?.bounced_at ? r : undefined;
  }, 30_000);
  expect(row.sent_at).toBeNull();
  expect(row.attempts).toBeGreaterThan(1);
  expect(row.last_error).toMatch(/^Opgivet efter 4 sekunder med midlertidige fejl; seneste svar: 451/);
  await eventually(async () => {
    const res = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
    return res.body.tasks.some((t: { ref: string | null }) => t.ref === key);
  }, 30_000);
  relay.tempFailures.delete(body.insurer.email.toLowerCase());
});

describe('claims, leases and the window between the 250 of the relay and the commit', () => {
  // These tests drive their own dispatchers on rows they queue; the service's dispatcher pauses meanwhile.
  beforeAll(async () => svc.outbox.stop());
  afterAll(() => void svc.outbox.start());

  const mailer = () => nodemailer.createTransport({ url: relay.url, pool: true, maxConnections: 2 } as never);
  const queue = async (): Promise<string> => {
    const key = `test-outbox:${randomUUID()}`;
    await svc.pool.query(`INSERT INTO email_outbox (key, to_email, to_name, template, subject, body) VALUES ($1, $2, 'Modtager', 'test', 'Prøve', 'Hej')`, [
      key,
      `modtager-${key.slice(-8)}@example.test`,
    ]);
    return key;
  };
  const dispatcher = (m: ReturnType<typeof mailer>, extra: Partial<ConstructorParameters<typeof EmailDispatcher>[0]> = {}) =>
    new EmailDispatcher({ pool: svc.pool, mailer: m, mailFrom: 'test@fastholdelse.local', pollMs: 100, log: () => undefined, ...extra });

  test('a row claimed by a crashed dispatcher is taken over when its lease ends, and sent once', async () => {
    const m = mailer();
    const key = await queue();
    // The crashed one: claims the row for 2 s and is never heard of again.
    const crashed = dispatcher(m, { leaseMs: 2_000 });
    expect((await crashed.claim(10)).map((r) => r.key)).toContain(key);
    const claimedAt = Date.now();
    const survivor = dispatcher(m).start();
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      expect(relay.count(messageIdFor(key))).toBe(0); // still leased
      const row = await eventually(async () => {
        const r = await outboxRow(key);
        return r?.sent_at ? r : undefined;
      }, 15_000, 100);
      expect(relay.count(messageIdFor(key))).toBe(1);
      expect(relay.messages.find((x) => x.messageId === messageIdFor(key))!.at - claimedAt).toBeGreaterThanOrEqual(1_500);
      expect(row.attempts).toBe(2);
    } finally {
      await survivor.stop();
      m.close();
    }
  });

  test('the sent-mark fails once (PostgreSQL away for a moment): recorded on the retry, and no second copy', async () => {
    const m = mailer();
    const key = await queue();
    let failures = 0;
    const d = dispatcher(m, {
      beforeMarkSent: (k) => {
        if (k === key && failures++ === 0) throw new Error('connection terminated unexpectedly');
      },
    }).start();
    try {
      const row = await eventually(async () => {
        const r = await outboxRow(key);
        return r?.sent_at ? r : undefined;
      }, 15_000, 100);
      expect(row.attempts).toBe(1);
      expect(d.stats.markRetries).toBe(1);
      await new Promise((r) => setTimeout(r, 500));
      expect(relay.count(messageIdFor(key))).toBe(1);
    } finally {
      await d.stop();
      m.close();
    }
  });

  test('a crash between the 250 of the relay and the commit: the row is sent again after the lease, with the same Message-ID', async () => {
    const m = mailer();
    const key = await queue();
    // The first dispatcher has the relay's 250, then hangs before recording it (as if killed there).
    let release!: () => void;
    const hung = new Promise<void>((r) => (release = r));
    // One slot, so the hung dispatcher cannot claim anything else meanwhile.
    const first = dispatcher(m, { leaseMs: 1_500, concurrency: 1, beforeMarkSent: (k) => (k === key ? hung : undefined) }).start();
    await eventually(async () => relay.count(messageIdFor(key)) === 1, 15_000, 50);
    const second = dispatcher(m).start();
    try {
      const row = await eventually(async () => {
        const r = await outboxRow(key);
        return r?.sent_at ? r : undefined;
      }, 15_000, 100);
      expect(row.attempts).toBe(2);
      // At least once: two copies, one Message-ID, so the receiver's client can drop the second.
      const copies = relay.messages.filter((x) => x.messageId === messageIdFor(key));
      expect(copies).toHaveLength(2);
    } finally {
      release(); // its late mark changes nothing: sent_at is kept
      await Promise.all([first.stop(), second.stop()]);
      m.close();
    }
  });
});
