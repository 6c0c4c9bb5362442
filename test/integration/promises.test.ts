// Promises through HTTP on the dev server with the real SMTP catcher: roundtable invitations, the
// outcome's tasks, the task list, closing refused while tasks are open, the minutes, and aftercare.
import { randomUUID } from 'node:crypto';
import { caughtMail, eventually, startTestService, type TestService } from '../support/service';
import { intakeBody } from '../support/fixtures';
import { createToken } from '../../api/auth';
import { addDays, type LocalDate } from '../../domain/calendar/localDate';
import { copenhagenInstant, formatInstant, localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { businessDayOnOrAfter } from '../../domain/calendar/businessDays';
import { CURRENT_POLICY as policy } from '../../domain/kernel/policy';

let svc: TestService;
let consultant: string;

beforeAll(async () => {
  svc = await startTestService();
  consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
});
afterAll(async () => svc?.stop());

const tag = () => randomUUID().slice(0, 8);
const today = (): LocalDate => localDateInCopenhagen(Date.now());
const meeting = () => formatInstant(copenhagenInstant(businessDayOnOrAfter(addDays(today(), 14), policy), 10));
const mailTo = (email: string, n = 1) =>
  eventually(async () => {
    const m = await caughtMail(email);
    return m.length >= n && m;
  });

async function newCase(): Promise<{ caseId: string; injury: string }> {
  const body = intakeBody();
  const created = await svc.api('POST', '/api/cases', { token: consultant, body });
  expect(created.status).toBe(201);
  return { caseId: created.body.caseId, injury: body.injury.description! };
}

test('roundtable → three invitations; two actions → three tasks; close is 409 naming them, then closes', async () => {
  const { caseId } = await newCase();
  // A caseworker of the case's municipality with a known email owns one action.
  const ownerEmail = `owner-${tag()}@aarhus.local`;
  const owner = await createToken(svc.pool, { role: 'caseworker', organisation: '751', name: 'Olga Opgave', email: ownerEmail });
  const participants = [
    { role: 'citizen', name: 'Jens Jensen', email: `jens-${tag()}@borger.local` },
    { role: 'caseworker', name: 'Olga Opgave', email: ownerEmail },
    { role: 'doctor', name: 'Læge Lund', email: `laege-${tag()}@klinik.local` },
  ];
  const body = {
    scheduledAt: meeting(),
    location: 'Jobcenter Aarhus, mødelokale 2',
    purpose: 'Afklare mulighederne for delvis raskmelding',
    agenda: ['Borgerens situation', 'Muligheder for arbejdsprøvning', 'Næste skridt'],
    participants,
  };

  const created = await svc.api('POST', `/api/cases/${caseId}/roundtables`, { token: consultant, body });
  expect(created.status).toBe(201);
  const roundtableId = created.body.roundtableId as string;
  for (const p of participants) {
    const [invitation] = await mailTo(p.email);
    expect(invitation.subject).toMatch(/^Indkaldelse til rundbordssamtale/);
    expect(invitation.text).toContain('Afklare mulighederne for delvis raskmelding');
    expect(invitation.text).toContain('2. Muligheder for arbejdsprøvning');
  }

  const threeDaysAgo = addDays(today(), -3);
  const later = addDays(today(), 30);
  const outcome = await svc.api('POST', `/api/cases/${caseId}/roundtables/${roundtableId}/outcome`, {
    token: consultant,
    body: {
      heldOn: today(),
      summary: 'Delvis raskmelding aftalt.',
      actions: [
        { title: 'Søg om hjælpemiddel', owner: { role: 'caseworker', name: 'Olga Opgave', email: ownerEmail }, dueOn: threeDaysAgo },
        { title: 'Tilpas arbejdstiden', owner: { role: 'citizen', name: 'Jens Jensen', email: participants[0].email }, dueOn: later },
      ],
    },
  });
  expect(outcome.status).toBe(200);
  const taskIds = outcome.body.taskIds as string[];
  expect(taskIds).toHaveLength(3);
  const view = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  expect(view.body.tasks.filter((t: { status: string }) => t.status === 'open').map((t: { kind: string }) => t.kind)).toEqual([
    'action',
    'action',
    'send-minutes',
  ]);

  // The action due in the past is overdue at once, and its owner has been reminded.
  const mine = await svc.api('GET', '/api/tasks?owner=me&status=open&overdue=true', { token: owner.token });
  expect(mine.status).toBe(200);
  expect(mine.body.items).toEqual([
    expect.objectContaining({ taskId: taskIds[0], caseId, kind: 'action', overdue: true, dueOn: threeDaysAgo, status: 'open' }),
  ]);
  const reminders = await eventually(async () => {
    const m = (await caughtMail(ownerEmail)).filter((x) => x.subject.startsWith('Påmindelse: Søg om hjælpemiddel'));
    return m.length > 0 && m;
  });
  expect(reminders).toHaveLength(1);

  const refused = await svc.api('POST', `/api/cases/${caseId}/close`, { token: consultant, body: { outcome: 'other-benefit', note: 'Pension.' } });
  expect(refused.status).toBe(409);
  expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(refused.body.type).toBe('/problems/open-tasks');
  expect(refused.body.openTasks.map((t: { taskId: string }) => t.taskId).sort()).toEqual([...taskIds].sort());

  // Keep every promise: complete, cancel (a reason is required), and send the minutes.
  expect((await svc.api('POST', `/api/tasks/${taskIds[0]}/complete`, { token: owner.token, body: { note: 'Bevilget.' } })).status).toBe(200);
  const noReason = await svc.api('POST', `/api/tasks/${taskIds[1]}/cancel`, { token: consultant, body: {} });
  expect(noReason.status).toBe(400);
  expect(noReason.body.errors[0].path).toBe('reason');
  const cancelled = await svc.api('POST', `/api/tasks/${taskIds[1]}/cancel`, { token: consultant, body: { reason: 'Borgeren er fuldt raskmeldt.' } });
  expect(cancelled.body).toMatchObject({ taskId: taskIds[1], status: 'cancelled', note: 'Borgeren er fuldt raskmeldt.' });
  expect((await svc.api('POST', `/api/tasks/${taskIds[0]}/complete`, { token: consultant })).status).toBe(409);

  const minutes = await svc.api('POST', `/api/cases/${caseId}/roundtables/${roundtableId}/minutes`, {
    token: consultant,
    body: { text: 'Referat: delvis raskmelding fra næste uge.' },
  });
  expect(minutes.status).toBe(200);
  for (const p of participants) {
    const mails = await eventually(async () => {
      const m = (await caughtMail(p.email)).filter((x) => x.subject.startsWith('Referat af rundbordssamtalen'));
      return m.length > 0 && m;
    });
    expect(mails[0].text).toContain('delvis raskmelding fra næste uge');
  }
  const after = await svc.api('GET', `/api/tasks?caseId=${caseId}`, { token: consultant });
  // Ordered by due date: the overdue action, the minutes, the later action.
  expect(after.body.items.map((t: { status: string }) => t.status)).toEqual(['done', 'done', 'cancelled']);

  const closed = await svc.api('POST', `/api/cases/${caseId}/close`, { token: consultant, body: { outcome: 'other-benefit', note: 'Pension.' } });
  expect(closed.status).toBe(200);
  expect(closed.body).toMatchObject({ caseId, status: 'closed', outcome: 'other-benefit' });
  expect((await svc.api('GET', `/api/cases/${caseId}`, { token: consultant })).body).toMatchObject({ status: 'closed', outcome: 'other-benefit' });
});

test('an employer takes part only with consent, sees no diagnosis, is told of changes and gets a follow-up task', async () => {
  const { caseId, injury } = await newCase();
  const employerEmail = `hr-${tag()}@bygco.local`;
  const participants = [
    { role: 'citizen', name: 'Jens Jensen', email: `jens-${tag()}@borger.local` },
    { role: 'employer', name: 'Byg & Co ApS', email: employerEmail },
  ];
  const body = { scheduledAt: meeting(), location: 'Byg & Co, Aarhus', purpose: 'Tilbagevenden på nedsat tid', agenda: ['Arbejdsopgaver'], participants };

  const noConsent = await svc.api('POST', `/api/cases/${caseId}/roundtables`, { token: consultant, body });
  expect(noConsent.status).toBe(400);
  expect(noConsent.body.errors).toEqual([expect.objectContaining({ path: 'citizenConsentsToEmployer' })]);
  const employer = await svc.token('employer', '12345678');
  expect((await svc.api('POST', `/api/cases/${caseId}/roundtables`, { token: employer, body })).status).toBe(403);

  const created = await svc.api('POST', `/api/cases/${caseId}/roundtables`, { token: consultant, body: { ...body, citizenConsentsToEmployer: true } });
  expect(created.status).toBe(201);
  const [invitation] = await mailTo(employerEmail);
  expect(invitation.text).toContain('Tilbagevenden på nedsat tid');
  expect(invitation.text).not.toContain(injury);

  const moved = formatInstant(copenhagenInstant(businessDayOnOrAfter(addDays(today(), 21), policy), 13));
  const rescheduled = await svc.api('POST', `/api/cases/${caseId}/roundtables/${created.body.roundtableId}/reschedule`, {
    token: consultant,
    body: { scheduledAt: moved, note: 'Lokalet var optaget.' },
  });
  expect(rescheduled.status).toBe(200);
  const [, movedMail] = await mailTo(employerEmail, 2);
  expect(movedMail.subject).toMatch(/^Rundbordssamtalen er flyttet/);
  expect(movedMail.text).toContain('Lokalet var optaget.');

  const outcome = await svc.api('POST', `/api/cases/${caseId}/roundtables/${created.body.roundtableId}/outcome`, {
    token: consultant,
    body: { heldOn: today(), summary: 'Aftalt nedsat tid.', actions: [] },
  });
  expect(outcome.status).toBe(200);
  const employerTasks = await svc.api('GET', `/api/tasks?caseId=${caseId}`, { token: employer });
  expect(employerTasks.body.items.map((t: { kind: string }) => t.kind).sort()).toEqual(['contact-employer', 'send-minutes']);

  // A second meeting is cancelled: the participants are told why.
  const second = await svc.api('POST', `/api/cases/${caseId}/roundtables`, { token: consultant, body: { ...body, citizenConsentsToEmployer: true } });
  const cancelled = await svc.api('POST', `/api/cases/${caseId}/roundtables/${second.body.roundtableId}/cancel`, {
    token: consultant,
    body: { reason: 'Borgeren er syg.' },
  });
  expect(cancelled.status).toBe(200);
  const mails = await mailTo(participants[0].email, 4);
  expect(mails.find((m) => m.subject.includes('er aflyst'))?.text).toContain('Borgeren er syg.');

  // Closing to a return to work starts aftercare with the policy's check-ins.
  // Each promise is kept by its own act: minutes by sending them, the employer contact by ticking it off.
  for (const t of employerTasks.body.items) {
    const kept =
      t.kind === 'send-minutes'
        ? await svc.api('POST', `/api/cases/${caseId}/roundtables/${t.ref}/minutes`, { token: consultant, body: { text: 'Referat af mødet.' } })
        : await svc.api('POST', `/api/tasks/${t.taskId}/complete`, { token: consultant });
    expect(kept.status).toBe(200);
  }
  const aftercare = await svc.api('POST', `/api/cases/${caseId}/close`, { token: consultant, body: { outcome: 'same-employer-part-time' } });
  expect(aftercare.status).toBe(200);
  expect(aftercare.body.status).toBe('aftercare');
  const checkIns = await svc.api('GET', `/api/tasks?caseId=${caseId}&status=open`, { token: consultant });
  expect(checkIns.body.items.map((t: { kind: string }) => t.kind)).toEqual(['aftercare-check-in', 'aftercare-check-in', 'aftercare-check-in']);
});
