// The daily supervisor digest on the time-skipping server (Schedules are not supported there, so the
// workflow is started directly, as the Schedule would): one email per supervisor per day even when
// the activity or the whole run is retried, only newly stuck cases, nothing on a holiday.
import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { createToken } from '../../api/auth';
import type { DigestInput } from '../../activities/digest';
import { supervisorDigestWorkflow } from '../../workflows/digest/digestWorkflow';
import { caughtMail, eventually } from '../support/service';
import { createWorkflowTestKit, type WorkflowTestKit } from '../support/timeSkipping';

let kit: WorkflowTestKit;
beforeAll(async () => {
  kit = await createWorkflowTestKit();
});
afterAll(async () => kit?.teardown());

// Business days without holidays nearby (Easter 2031 is 13 April); each test uses its own days.
const D1 = '2031-03-04';
const D3 = '2031-03-11';
const D4 = '2031-03-12';
// Older than every real case in the shared database, so it heads the (capped) list in the email.
const LONG_AGO = '2020-01-02T10:00:00+01:00';

/** A case in the read model only, with its last activity back-dated (the digest reads nothing else). */
async function stuckCase(lastActivityAt: string): Promise<{ caseId: string; ref: string }> {
  const tag = randomUUID().slice(0, 8);
  const caseId = `dg-${tag}`;
  const ref = `AS-DIGEST-${tag}`.toUpperCase();
  await kit.pool.query(
    `INSERT INTO cases (case_id, injury_case_ref, status, municipality_code, insurer_id, consent, first_sick_day, limit_date, seq,
       snapshot, created_at, updated_at, last_activity_at)
     VALUES ($1, $2, 'active', '751', 'insurer-a', true, '2030-12-01', NULL, 1, '{}', $3, $3, $3)`,
    [caseId, ref, lastActivityAt],
  );
  return { caseId, ref };
}

async function supervisor(): Promise<string> {
  const email = `sup-${randomUUID().slice(0, 8)}@digest.local`;
  await createToken(kit.pool, { role: 'supervisor', organisation: 'fastholdelsescentret', name: 'Lis Leder', email });
  return email;
}

const runDigest = (taskQueue: string, date: string) =>
  kit.env.client.workflow.execute(supervisorDigestWorkflow, { taskQueue, workflowId: `digest-${randomUUID()}`, args: [{ date }] });

test('a retried digest (activity and whole run) sends one email per supervisor per day', async () => {
  const old = await stuckCase(LONG_AGO);
  const [supA, supB] = [await supervisor(), await supervisor()];
  let calls = 0;
  await kit.withWorker(
    async (taskQueue) => {
      const first = await runDigest(taskQueue, D1);
      expect(first).toMatchObject({ date: D1 });
      expect(calls).toBe(2);
      // The Schedule's action run again for the same day (e.g. a manual trigger or backfill).
      const again = await runDigest(taskQueue, D1);
      expect(again).toMatchObject({ date: D1, emailsSent: 0 });
      for (const to of [supA, supB]) {
        const mails = await eventually(async () => {
          const m = await caughtMail(to);
          return m.length > 0 && m;
        });
        expect(mails).toHaveLength(1);
        expect(mails[0].subject).toContain(`Nye fastlåste sager ${D1}`);
        expect(mails[0].text).toContain(`Sag ${old.ref} (kommune 751): Ingen aktivitet`);
        expect(mails[0].text).toContain(`/#/cases/${old.caseId}`);
      }
    },
    {
      // The first attempt sends every email, then "crashes" before reporting success.
      async sendSupervisorDigest(input: DigestInput) {
        calls++;
        const result = await kit.activities.sendSupervisorDigest(input);
        if (Context.current().info.attempt === 1) throw new Error('worker lost after sending the digest');
        return result;
      },
    },
  );
  // Marked sent by the outbox dispatcher just after the relay's answer.
  const sent = await eventually(async () => {
    const outbox = await kit.pool.query('SELECT count(*)::int AS n FROM email_outbox WHERE key = $1 AND sent_at IS NOT NULL', [`digest:${D1}:${supA}`]);
    return outbox.rows[0].n > 0 && outbox.rows[0].n;
  });
  expect(sent).toBe(1);
});

test('the next day lists only cases that became stuck since the previous digest', async () => {
  // Quiet since 19 Feb: 14 business days on D3 (not stuck yet), 15 on D4.
  const fresh = await stuckCase('2031-02-19T10:00:00+01:00');
  const old = await stuckCase(LONG_AGO);
  const sup = await supervisor();
  await kit.withWorker(async (taskQueue) => {
    await runDigest(taskQueue, D3);
    const result = await runDigest(taskQueue, D4);
    expect(result).toMatchObject({ date: D4, newlyStuck: 1 });
  });
  const mails = await eventually(async () => {
    const m = (await caughtMail(sup)).filter((x) => x.subject.includes(D4));
    return m.length > 0 && m;
  });
  expect(mails).toHaveLength(1);
  expect(mails[0].text).toContain(fresh.ref);
  expect(mails[0].text).not.toContain(old.ref);
  expect(mails[0].text).not.toContain('Knust hånd');
});

test('on a public holiday the digest does nothing', async () => {
  // Good Friday 2031 (Easter Sunday 13 April).
  const result = await kit.withWorker((taskQueue) => runDigest(taskQueue, '2031-04-11'));
  expect(result).toEqual({ date: '2031-04-11', skipped: 'Langfredag' });
  const row = await kit.pool.query(`SELECT 1 FROM supervisor_digests WHERE digest_date = '2031-04-11'`);
  expect(row.rows).toHaveLength(0);
});
