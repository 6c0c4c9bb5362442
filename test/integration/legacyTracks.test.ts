// Subsidy events and payment tasks belong to the legal track (a subsidy may name a treatment, which an
// employer must never learn). Rows projected before that rule still say 'retention': the migration moves
// the events, and payment tasks count as legal-track whatever track a running case still holds for them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestService, type TestService } from '../support/service';
import { intakeBody } from '../support/fixtures';

let svc: TestService;
let consultant: string;
let employer: string;

beforeAll(async () => {
  svc = await startTestService();
  consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  employer = await svc.token('employer', '12345678', 'Byg & Co ApS');
});
afterAll(async () => svc?.stop());

const MIGRATION = path.resolve(__dirname, '..', '..', 'db', 'migrations', '008_subsidy_events_legal_track.sql');

test('subsidy events and payment tasks recorded with the retention track are hidden from the employer', async () => {
  const created = await svc.api('POST', '/api/cases', { token: consultant, body: intakeBody() });
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;
  // As the code before the legal-track rule projected them.
  await svc.pool.query(
    `INSERT INTO case_events (case_id, seq, at, type, actor, track, summary)
     VALUES ($1, 900, now(), 'subsidy-approved', 'Forsikring A', 'retention', 'Tilskud til behandling (12.000 kr.) er bevilget.')`,
    [caseId],
  );
  const task = {
    taskId: `${caseId}-T900`, caseId, kind: 'confirm-payment', title: 'Bekræft udbetaling af tilskud til behandling',
    owner: { role: 'consultant', name: 'Karen Konsulent', email: 'karen@fastholdelse.local' }, dueOn: '2027-01-04', status: 'open',
    createdAt: new Date().toISOString(), closedAt: null, note: null, ref: `${caseId}-S1`, track: 'retention', remindedOn: null, escalatedOn: null,
  };
  await svc.pool.query(
    `INSERT INTO tasks (task_id, case_id, kind, title, owner_role, owner_name, owner_email, due_on, status, track, ref, seq, data)
     VALUES ($1, $2, 'confirm-payment', $3, 'consultant', 'Karen Konsulent', 'karen@fastholdelse.local', '2027-01-04', 'open', 'retention', $4, 900, $5)`,
    [task.taskId, caseId, task.title, task.ref, JSON.stringify(task)],
  );

  await svc.pool.query(readFileSync(MIGRATION, 'utf8'));

  const timeline = await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: employer });
  expect(timeline.status).toBe(200);
  expect(timeline.body.events.map((e: { type: string }) => e.type)).not.toContain('subsidy-approved');
  const { rows } = await svc.pool.query(`SELECT track FROM case_events WHERE case_id = $1 AND seq = 900`, [caseId]);
  expect(rows[0].track).toBe('legal');
  // The consultant still sees it.
  const own = await svc.api('GET', `/api/cases/${caseId}/timeline`, { token: consultant });
  expect(own.body.events.map((e: { type: string }) => e.type)).toContain('subsidy-approved');

  // A running case still holds the task as 'retention' and writes that again at its next projection.
  await svc.pool.query(`UPDATE tasks SET track = 'retention', data = jsonb_set(data, '{track}', '"retention"') WHERE task_id = $1`, [task.taskId]);
  const tasks = await svc.api('GET', `/api/tasks?caseId=${caseId}`, { token: employer });
  expect(tasks.status).toBe(200);
  expect(tasks.body.items.map((t: { taskId: string }) => t.taskId)).not.toContain(task.taskId);
  expect((await svc.api('GET', `/api/tasks?caseId=${caseId}`, { token: consultant })).body.items.map((t: { taskId: string }) => t.taskId)).toContain(task.taskId);
  expect((await svc.api('POST', `/api/tasks/${task.taskId}/complete`, { token: employer, body: {} })).status).toBe(404);
});
