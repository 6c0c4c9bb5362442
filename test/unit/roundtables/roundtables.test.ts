// Roundtable and closing rules without Temporal: the employer-consent guard, Danish meeting times,
// the reminder day, the outcome's tasks and closing refused while a promise is open.
import { CaseChange } from '../../../domain/case/caseChange';
import type { ResolvedIntake } from '../../../domain/case/caseIntake.schema';
import { openCase } from '../../../domain/case/caseOpening';
import type { CaseState } from '../../../domain/case/caseState.schema';
import { closeCase } from '../../../domain/closing/closing';
import { copenhagenInstant } from '../../../domain/calendar/copenhagenTime';
import { CURRENT_POLICY as policy } from '../../../domain/kernel/policy';
import { businessDaysBefore } from '../../../domain/calendar/businessDays';
import { scheduleRoundtableSchema } from '../../../domain/roundtables/roundtables.schema';
import { danishDateTime, recordRoundtableOutcome, scheduleRoundtable, sendRoundtableMinutes } from '../../../domain/roundtables/roundtables';
import { renderCaseView } from '../../../domain/case/case.view';
import { caseAccess } from '../../../domain/case/access';
import { cancelTask, reassignTask } from '../../../domain/tasks/taskCommands';
import { intakeBody } from '../../support/fixtures';

const actor = { actorId: 'c1', role: 'consultant' as const, name: 'Karen' };
const now = copenhagenInstant('2027-03-22', 11); // a Monday before Easter 2027

// Built through intake, so the state has every field other features add.
function state(): CaseState {
  const b = intakeBody();
  const intake: ResolvedIntake = {
    ...(b as ResolvedIntake),
    caseworker: b.caseworker!,
    consultant: { name: 'Karen', email: 'karen@fc.local' },
    employer: b.employer ?? null,
    union: null,
  };
  const s = openCase('c1', intake, { now, actor, policy }).state;
  expect(s.status).toBe('active');
  return s;
}
const change = (s: CaseState) => new CaseChange(s, { now, actor, policy });
const employer = { role: 'employer' as const, name: 'Byg & Co', email: 'hr@byg.local' };
const plan = { scheduledAt: '2027-03-30T10:00:00+02:00', location: 'Jobcenter', purpose: 'Afklaring', agenda: ['Status'] };

test('an employer participant needs the citizen’s consent, in the API schema and in the domain', () => {
  const r = scheduleRoundtableSchema.safeParse({ ...plan, participants: [employer] });
  expect(r.success).toBe(false);
  expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['citizenConsentsToEmployer']);
  expect(() => scheduleRoundtable(change(state()), { ...plan, participants: [employer], citizenConsentsToEmployer: false })).toThrow(
    expect.objectContaining({ status: 400 }),
  );
});

test('meeting times read in Danish Copenhagen time; the reminder skips the Easter holidays', () => {
  expect(danishDateTime('2027-03-30T08:00:00Z')).toBe('tirsdag den 30. marts 2027 kl. 10.00');
  // Tuesday 30 March 2027: Monday 29 (2nd Easter day), Sunday, Saturday, Friday 26 and Thursday 25 are closed.
  expect(businessDaysBefore('2027-03-30', 1, policy)).toBe('2027-03-24');
});

test('the outcome makes one task per action, the minutes task and, with an employer, a contact task', () => {
  const c = change(state());
  const rt = scheduleRoundtable(c, { ...plan, participants: [employer], citizenConsentsToEmployer: true });
  expect(c.emails.map((e) => e.key)).toEqual([`rt-invite:${rt.roundtableId}:1:hr@byg.local`]);
  expect(JSON.stringify(c.emails[0].params)).not.toMatch(/injury|diagnos/i);
  const owner = { role: 'caseworker', name: 'Søren', email: 'sb@aarhus.local' };
  const { taskIds } = recordRoundtableOutcome(c, {
    roundtableId: rt.roundtableId,
    heldOn: '2027-03-22',
    summary: 'Aftalt.',
    actions: [{ title: 'Bestil stol', owner, dueOn: '2027-04-05' }],
  });
  expect(c.state.tasks.filter((t) => taskIds.includes(t.taskId)).map((t) => [t.taskId, t.kind, t.dueOn])).toEqual([
    [taskIds[0], 'action', '2027-04-05'],
    // Five business days after Monday 22 March 2027 skip Maundy Thursday and Good Friday.
    [taskIds[1], 'send-minutes', '2027-04-01'],
    [taskIds[2], 'contact-employer', '2027-04-19'],
  ]);
});

test('closing lists open tasks; cancelling needs a reason; a closed task cannot be reassigned', () => {
  const c = change(state());
  const rt = scheduleRoundtable(c, { ...plan, participants: [employer], citizenConsentsToEmployer: true });
  const { taskIds } = recordRoundtableOutcome(c, { roundtableId: rt.roundtableId, heldOn: '2027-03-22', summary: 'Aftalt.', actions: [] });
  expect(() => closeCase(c, { outcome: 'no-result' })).toThrow(
    expect.objectContaining({ status: 409, code: 'open-tasks', extra: { openTasks: taskIds.map((taskId) => expect.objectContaining({ taskId })) } }),
  );
  expect(() => cancelTask(c, { taskId: taskIds[0], reason: ' ' })).toThrow(expect.objectContaining({ status: 400 }));
  for (const taskId of taskIds) cancelTask(c, { taskId, reason: 'Ikke relevant.' });
  expect(() => reassignTask(c, { taskId: taskIds[0], owner: { role: 'x', name: 'X', email: 'x@x.local' } })).toThrow(
    expect.objectContaining({ status: 409, code: 'task-closed' }),
  );
  expect(closeCase(c, { outcome: 'no-result' })).toEqual({ outcome: 'no-result' });
  expect(c.state.status).toBe('closed');
});

test('minutes reach every party who may see the retention track, an absent union included; who got them is on the roundtable', () => {
  const s = state();
  s.union = { id: 'u-3f', name: '3F Aarhus', email: 'aarhus@3f.local', powerOfAttorney: 'partial' };
  const c = change(s);
  const caseworker = { role: 'caseworker' as const, name: s.caseworker.name, email: s.caseworker.email };
  const rt = scheduleRoundtable(c, { ...plan, participants: [caseworker, employer], citizenConsentsToEmployer: true });
  recordRoundtableOutcome(c, { roundtableId: rt.roundtableId, heldOn: '2027-03-22', summary: 'Aftalt.', actions: [] });
  const sent = change(structuredClone(c.state));
  sendRoundtableMinutes(sent, { roundtableId: rt.roundtableId, text: 'Referat: arbejdsprøvning aftalt.' });
  const to = sent.emails.map((e) => e.to.email).sort();
  expect(to).toEqual([s.caseworker.email, employer.email, s.citizen.email, 'karen@fc.local', s.insurer!.email, 'aarhus@3f.local'].sort());
  const rtAfter = sent.state.roundtables[0];
  expect(rtAfter.minutesRecipients).toEqual(
    expect.arrayContaining([
      { role: 'union', name: '3F Aarhus', present: false },
      { role: 'employer', name: 'Byg & Co', present: true },
      { role: 'citizen', name: s.citizen.name, present: false },
    ]),
  );
  // The employer (a participant here) learns nothing of the union, on the roundtable or the timeline.
  const facts = { caseId: s.caseId, municipalityCode: s.municipalityCode, consentToShareWithMunicipality: true, insurerId: s.insurer!.id, employerCvr: s.employer!.cvr, employerConsent: true, unionId: 'u-3f', unionPowerOfAttorney: 'partial' as const };
  const view = renderCaseView(sent.state, caseAccess({ actorId: 'e', role: 'employer', organisation: s.employer!.cvr, name: 'HR', email: 'hr@byg.local' }, facts), '2027-03-22', policy);
  expect(JSON.stringify(view)).not.toContain('3F');
  expect(sent.events.map((e) => e.summary).join(' ')).not.toContain('3F');

  // Histories from before the rule: only those present.
  const old = change(structuredClone(c.state));
  sendRoundtableMinutes(old, { roundtableId: rt.roundtableId, text: 'Referat.' }, { everyParty: () => false });
  expect(old.emails.map((e) => e.to.email).sort()).toEqual([s.caseworker.email, employer.email].sort());
  // Without a power of attorney the union gets nothing.
  const none = structuredClone(c.state);
  none.union!.powerOfAttorney = 'none';
  const n = change(none);
  sendRoundtableMinutes(n, { roundtableId: rt.roundtableId, text: 'Referat.' });
  expect(n.emails.map((e) => e.to.email)).not.toContain('aarhus@3f.local');
});
