// Supervision through HTTP against the real dev server, PostgreSQL and SMTP catcher: cases in every
// stuck state (back-dated in the read model where needed) are listed with exactly their codes; a
// terminated workflow, a failing workflow task and an activity retrying beyond the policy show as
// workflow-failing; deadlines, overdue tasks per owner, CSV, search attributes and the digest Schedule.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateStage } from '@temporalio/client';
import { eventually, startTestService, type TestService } from '../support/service';
import { intakeBody } from '../support/fixtures';
import type { CaseIntakeInput } from '../../domain/case/caseIntake.schema';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { addDays } from '../../domain/calendar/localDate';
import { updateScreeningUpdate } from '../../workflows/case/case.messages';
import { DIGEST_SCHEDULE_ID, ensureDigestSchedule } from '../../worker/schedules';

let svc: TestService;
let supervisor: string;
let consultant: string;
const today = localDateInCopenhagen(Date.now());
const actor = { actorId: 'consultant-sup', role: 'consultant' as const, name: 'Karen Konsulent' };

beforeAll(async () => {
  svc = await startTestService();
  supervisor = await svc.token('supervisor', 'fastholdelsescentret', 'Lis Leder');
  consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
});
afterAll(async () => svc?.stop());

/** Opens a case through the API; `firstSickDay` decides the sick-pay limit (default: about a year away). */
async function openCase(over: Partial<CaseIntakeInput> & { firstSickDay?: string } = {}): Promise<string> {
  const firstSickDay = over.firstSickDay ?? addDays(today, -30);
  const base = intakeBody();
  const body = intakeBody({
    ...over,
    injury: { ...base.injury, ...over.injury, date: addDays(firstSickDay, -2) },
    sickLeave: { firstSickDay },
  });
  const res = await svc.api('POST', '/api/cases', { token: consultant, body });
  expect(res.status).toBe(201);
  return res.body.caseId as string;
}

/** A follow-up task that exists only in the read model (as a feature's projection would write it). */
async function insertTask(caseId: string, kind: string, dueOn: string) {
  await svc.pool.query(
    `INSERT INTO tasks (task_id, case_id, kind, title, owner_role, owner_name, owner_email, due_on, status, track, seq, data)
     VALUES ($1, $2, $3, 'Testopgave', 'consultant', 'Karen Konsulent', $4, $5, 'open', 'retention', 1000000, '{}')`,
    [`${caseId}-X${randomUUID().slice(0, 6)}`, caseId, kind, `karen-${caseId}@fastholdelse.local`, dueOn],
  );
}

async function stuck(query = 'refresh=true') {
  const res = await svc.api('GET', `/api/supervisor/stuck?${query}`, { token: supervisor });
  expect(res.status).toBe(200);
  return res.body as { items: Array<{ caseId: string; ageDays: number; reasons: Array<{ code: string; since: string; detail: string }> }> };
}

const codesOf = (body: Awaited<ReturnType<typeof stuck>>, caseId: string) =>
  body.items.find((i) => i.caseId === caseId)?.reasons.map((r) => r.code) ?? [];

test('every stuck state is listed with exactly its codes; healthy and planned cases are not', async () => {
  const healthy = await openCase();

  const quiet = await openCase();
  await svc.pool.query(`UPDATE cases SET last_activity_at = now() - interval '60 days' WHERE case_id = $1`, [quiet]);

  const overdueTask = await openCase({ injury: { ...intakeBody().injury, permanentConsequences: 'unknown' } });
  await svc.pool.query(`UPDATE tasks SET due_on = $2::date WHERE case_id = $1 AND status = 'open'`, [overdueTask, addDays(today, -3)]);

  const minutes = await openCase();
  await insertTask(minutes, 'send-minutes', addDays(today, -2));

  const revision = await openCase();
  await insertTask(revision, 'revision', addDays(today, -40));

  const silent = await openCase();
  const subsidy = await svc.api('POST', `/api/cases/${silent}/subsidies`, {
    token: consultant,
    body: { kind: 'transport', description: 'Taxa til arbejdsprøvning', amountDkk: 4000, justification: 'Uden transport kan arbejdsprøvningen ikke gennemføres.' },
  });
  expect(subsidy.status).toBe(201);
  await svc.pool.query(`UPDATE subsidies SET asked_at = now() - interval '40 days', requested_at = now() - interval '40 days' WHERE case_id = $1`, [silent]);

  // Sick-pay limit in about four weeks (inside the 8-week window): one without a plan, one with a roundtable.
  const nearLimit = addDays(today, 28 - 385);
  const noPlan = await openCase({ firstSickDay: nearLimit });
  const planned = await openCase({ firstSickDay: nearLimit });
  const limitDate = (await svc.api('GET', `/api/cases/${noPlan}`, { token: consultant })).body.sickPay.limitDate as string;
  expect(limitDate > today && limitDate <= addDays(today, 56)).toBe(true);
  const rt = await svc.api('POST', `/api/cases/${planned}/roundtables`, {
    token: consultant,
    body: {
      scheduledAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      location: 'Jobcenter Aarhus',
      purpose: 'Afklaring før varighedsbegrænsningen',
      agenda: ['Arbejdsprøvning'],
      participants: [{ role: 'citizen', name: 'Jens Jensen', email: `jens-${planned}@borger.local` }],
    },
  });
  expect(rt.status).toBe(201);

  const body = await stuck();
  expect(codesOf(body, healthy)).toEqual([]);
  expect(codesOf(body, planned)).toEqual([]);
  expect(codesOf(body, quiet)).toEqual(['no-activity']);
  expect(codesOf(body, overdueTask)).toEqual(['task-overdue']);
  expect(codesOf(body, minutes)).toEqual(['minutes-overdue']);
  expect(codesOf(body, revision)).toEqual(['revision-overdue']);
  expect(codesOf(body, silent)).toEqual(['insurer-silent']);
  expect(codesOf(body, noPlan)).toEqual(['limit-approaching-without-plan']);

  const q = body.items.find((i) => i.caseId === quiet)!;
  expect(q.reasons[0].detail).toMatch(/^Ingen aktivitet siden \d{4}-\d{2}-\d{2} \(\d+ arbejdsdage\)\.$/);
  expect(q.ageDays).toBeGreaterThan(0);
  // No health details on the list.
  expect(JSON.stringify(body)).not.toContain('Knust hånd');

  // Filters.
  const onlyMinutes = await stuck('code=minutes-overdue');
  expect(onlyMinutes.items.map((i) => i.caseId)).toContain(minutes);
  expect(onlyMinutes.items.map((i) => i.caseId)).not.toContain(quiet);
  expect((await stuck('municipality=999')).items.map((i) => i.caseId)).not.toContain(quiet);

  // CSV: one line per reason, Danish headers.
  const csv = await svc.api('GET', '/api/supervisor/stuck.csv', { token: supervisor });
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(csv.body).toContain('Sag;Sagsnummer;Kommune;Status;Årsag;Kode;Siden;Alder (dage);Detaljer');
  expect(csv.body).toMatch(new RegExp(`${minutes};[^;]+;751;active;Referat ikke sendt;minutes-overdue;`));

  // Deadlines: both limit cases, soonest first, not the healthy one.
  const deadlines = await svc.api('GET', '/api/supervisor/deadlines?withinDays=56', { token: supervisor });
  expect(deadlines.status).toBe(200);
  const ids = deadlines.body.items.map((i: { caseId: string }) => i.caseId);
  expect(ids).toEqual(expect.arrayContaining([noPlan, planned]));
  expect(ids).not.toContain(healthy);
  expect(deadlines.body.items.find((i: { caseId: string }) => i.caseId === noPlan)).toMatchObject({ limitDate, daysLeft: expect.any(Number) });

  // Overdue tasks per owner.
  const overdue = await svc.api('GET', '/api/supervisor/overdue-tasks', { token: supervisor });
  expect(overdue.body.owners).toEqual(
    expect.arrayContaining([expect.objectContaining({ owner: { email: `karen-${revision}@fastholdelse.local`, name: 'Karen Konsulent' }, overdue: 1 })]),
  );
});

test('a terminated workflow, a failing workflow task and an activity retrying beyond the policy show as workflow-failing', async () => {
  // Killed: the case is open in Postgres, its workflow is not running.
  const killed = await openCase();
  await svc.client.workflow.getHandle(`case-${killed}`).terminate('test: killed');

  // Failing workflow task: a run whose code throws (bad input) is retried forever and looks "running".
  const broken = `wft${randomUUID().slice(0, 8)}`;
  await svc.pool.query(
    `INSERT INTO cases (case_id, injury_case_ref, status, municipality_code, insurer_id, consent, first_sick_day, seq, snapshot,
       created_at, updated_at, last_activity_at)
     VALUES ($1, $2, 'active', '751', 'insurer-a', true, $3, 1, '{}', now(), now(), now())`,
    [broken, `AS-BROKEN-${broken}`.toUpperCase(), addDays(today, -30)],
  );
  await svc.client.workflow.start('retentionCaseWorkflow', {
    taskQueue: svc.taskQueue,
    workflowId: `case-${broken}`,
    args: [{ caseId: broken, opening: { intake: {}, actor } }],
  });

  // Activity retrying: the projection of this case keeps failing (Postgres refuses its events).
  const blocked = await openCase({ injury: { ...intakeBody().injury, permanentConsequences: 'unknown' } });
  const trigger = `block_${blocked}`;
  await svc.pool.query(`CREATE OR REPLACE FUNCTION supervision_test_block() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'test: projection blocked'; END $$`);
  await svc.pool.query(
    `CREATE TRIGGER ${trigger} BEFORE INSERT ON case_events FOR EACH ROW WHEN (NEW.case_id = '${blocked}') EXECUTE FUNCTION supervision_test_block()`,
  );
  try {
    await svc.client.workflow
      .getHandle(`case-${blocked}`)
      .startUpdate(updateScreeningUpdate, { args: [{ actor, riskScore: 40 }], waitForStage: WorkflowUpdateStage.ACCEPTED });

    const failing = await eventually(
      async () => {
        const body = await stuck();
        const all = [killed, broken, blocked].map((id) => codesOf(body, id));
        return all.every((c) => c.includes('workflow-failing')) && body;
      },
      // 1 + 2 + 4 + 8 + 16 s of projection retries before the 6th attempt (5 failures, the policy).
      90_000,
      2_000,
    );
    expect(codesOf(failing, killed)).toEqual(['workflow-failing']);
    expect(codesOf(failing, broken)).toEqual(['workflow-failing']);
    expect(codesOf(failing, blocked)).toEqual(['workflow-failing']);
    const detail = (id: string) => failing.items.find((i) => i.caseId === id)!.reasons[0].detail;
    expect(detail(killed)).toContain('TERMINATED');
    expect(detail(broken)).toContain('workflow-opgave fejler');
    expect(detail(blocked)).toMatch(/Aktiviteten projectCase er fejlet \d+ gange/);
  } finally {
    await svc.pool.query(`DROP TRIGGER IF EXISTS ${trigger} ON case_events`);
    await svc.client.workflow.getHandle(`case-${broken}`).terminate('test done').catch(() => undefined);
  }

  // Once the projection gets through, the next check clears the blocked case.
  await eventually(async () => !codesOf(await stuck(), blocked).includes('workflow-failing'), 90_000, 2_000);
});

test('only supervisors may ask; bad filters are 400', async () => {
  for (const path of ['/api/supervisor/stuck', '/api/supervisor/deadlines', '/api/supervisor/overdue-tasks', '/api/supervisor/stuck.csv']) {
    expect((await svc.api('GET', path, { token: consultant })).status).toBe(403);
  }
  expect((await svc.api('GET', '/api/supervisor/stuck')).status).toBe(401);
  const bad = await svc.api('GET', '/api/supervisor/stuck?code=nope&municipality=1', { token: supervisor });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['code', 'municipality']);
});

test('a page of the stuck list: limit and offset cut the items, total counts them all; bad paging is 400', async () => {
  const all = (await stuck('')) as Awaited<ReturnType<typeof stuck>> & { total: number };
  expect(all.total).toBe(all.items.length);
  expect(all.total).toBeGreaterThanOrEqual(2);
  const second = (await stuck('limit=1&offset=1')) as typeof all;
  expect(second.total).toBe(all.total);
  expect(second.items.map((i) => i.caseId)).toEqual([all.items[1].caseId]);
  const bad = await svc.api('GET', '/api/supervisor/stuck?limit=0&offset=-1', { token: supervisor });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['limit', 'offset']);
});

test('the case workflow publishes its search attributes for the Temporal UI and CLI', async () => {
  const caseId = await openCase({ injury: { ...intakeBody().injury, permanentConsequences: 'unknown' } });
  const found = await eventually(async () => {
    const ids: string[] = [];
    for await (const wf of svc.client.workflow.list({
      query: `WorkflowId = 'case-${caseId}' AND CasePhase = 'screening' AND MunicipalityCode = '751' AND NextDeadline > '2020-01-01T00:00:00Z' AND Stuck = false`,
    })) {
      ids.push(wf.workflowId);
    }
    return ids.length > 0 && ids;
  });
  expect(found).toEqual([`case-${caseId}`]);
});

test('the digest Schedule is created once and updated on later starts (07:00 Copenhagen, weekdays)', async () => {
  // Another suite's worker process may have created it on this shared dev server already.
  await svc.client.schedule.getHandle(DIGEST_SCHEDULE_ID).delete().catch(() => undefined);
  try {
    expect(await ensureDigestSchedule(svc.client, svc.taskQueue)).toBe('created');
    expect(await ensureDigestSchedule(svc.client, svc.taskQueue)).toBe('updated');
    const d = await svc.client.schedule.getHandle(DIGEST_SCHEDULE_ID).describe();
    expect(d.spec.timezone).toBe('Europe/Copenhagen');
    expect(d.spec.calendars).toEqual([
      expect.objectContaining({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }], dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }] }),
    ]);
    expect(d.action).toMatchObject({ type: 'startWorkflow', workflowType: 'supervisorDigestWorkflow', taskQueue: svc.taskQueue });
  } finally {
    await svc.client.schedule.getHandle(DIGEST_SCHEDULE_ID).delete().catch(() => undefined);
  }
});
