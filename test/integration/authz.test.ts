// The authorisation matrix: every role (and no token) × every endpoint of the OpenAPI document ×
// (own case / other organisation's case / no consent or no power of attorney / partial power of
// attorney) against an explicit table of 200/201/403/404 (or the 409/422 the case's state gives an
// allowed caller); refusals change nothing; lists filter the same way; and nothing of the legal track
// (keys or texts) reaches an employer, whichever GET it calls.
import { randomInt, randomUUID } from 'node:crypto';
import type { Role } from '../../domain/kernel/actor.schema';
import { addDays } from '../../domain/calendar/localDate';
import { intakeBody } from '../support/fixtures';
import { startTestService, type TestService } from '../support/service';
import {
  LEGAL_MARK,
  LEGAL_TEXTS,
  buildFixtureCase,
  inAMonth,
  ownerOf,
  seqs,
  settled,
  today,
  type FixtureCase,
  type Owner,
  type OwnedTask,
} from '../support/caseFixture';

let svc: TestService;
const tag = randomUUID().slice(0, 8);

/** The organisations of "our" parties; unique per run so other suites' cases never match. */
const ORG = {
  municipality: '751',
  otherMunicipality: '101',
  insurer: `ins-${tag}`,
  otherInsurer: `ins-other-${tag}`,
  union: `union-${tag}`,
  otherUnion: `union-other-${tag}`,
  employer: String(randomInt(10_000_000, 50_000_000)),
  otherEmployer: String(randomInt(50_000_000, 99_999_999)),
};

/**
 * The fixture cases, from the callers' side (the table columns, in this order):
 * own: our municipality with consent, our insurer, our employer, our union with full power of attorney;
 * other: every party another organisation; noRight: no consent and no power of attorney (still our
 * insurer and employer); partial: our parties, our union with partial power of attorney.
 */
const RELATIONS = ['own', 'other', 'noRight', 'partial'] as const;
type Relation = (typeof RELATIONS)[number];
// The citizen's token is bound to one case: its rows follow the matrix (citizenExpected, CITIZEN_OTHER).
const ROLES: Role[] = ['consultant', 'supervisor', 'caseworker', 'insurer', 'union', 'employer'];
type Who = Role | 'anonymous';
const WHO: Who[] = [...ROLES, 'anonymous'];

/** Which fixture cases each role may know about (DOMAIN.md "The actors"); every other one is 404. */
const VISIBLE: Record<Role, Relation[]> = {
  consultant: ['own', 'other', 'noRight', 'partial'],
  supervisor: ['own', 'other', 'noRight', 'partial'],
  caseworker: ['own', 'partial'], // only with the citizen's consent
  insurer: ['own', 'noRight', 'partial'], // only where it is the insurer
  union: ['own', 'partial'], // only with a power of attorney
  employer: ['own', 'noRight', 'partial'], // only its own employees, retention track only
  citizen: ['own'], // its own case's citizen view only (rows of its own, below the matrix)
};

function intakeFor(r: Relation) {
  const base = intakeBody();
  const ours = r !== 'other';
  const poa = r === 'partial' ? 'partial' : r === 'noRight' ? 'none' : 'full';
  return {
    municipalityCode: ours ? ORG.municipality : ORG.otherMunicipality,
    consentToShareWithMunicipality: r !== 'noRight',
    insurer: { ...base.insurer, id: ours ? ORG.insurer : ORG.otherInsurer },
    employer: { ...base.employer!, cvr: ours ? ORG.employer : ORG.otherEmployer },
    union: { id: ours ? ORG.union : ORG.otherUnion, name: 'Fagforening', email: `fag-${tag}@union.local`, powerOfAttorney: poa } as const,
  };
}

/**
 * An expectation table: one line per role, the statuses on the own / other / noRight / partial case.
 * Without a token every case endpoint answers 401 (added to every table, not written out).
 */
type Table = Record<Role, Record<Relation, number>>;
function table(text: string): Table {
  const out = {} as Table;
  for (const line of text.trim().split('\n')) {
    const [role, ...cells] = line.trim().split(/\s+/);
    if (!ROLES.includes(role as Role) || cells.length !== 4) throw new Error(`bad table line: ${line}`);
    out[role as Role] = Object.fromEntries(RELATIONS.map((r, i) => [r, Number(cells[i])])) as Record<Relation, number>;
  }
  if (Object.keys(out).length !== ROLES.length) throw new Error(`table without every role:\n${text}`);
  return out;
}

/** Everything a row needs: the fixture case of its column and the callers' task-owner fields. */
interface RowContext {
  f: FixtureCase;
  who: Who;
  owners: Record<Role, Owner>;
}

/** One endpoint (or one target of it, `variant`) on a fixture case. */
interface CaseEndpoint {
  /** The OpenAPI operation, `METHOD path`. */
  op: string;
  variant?: string;
  path: (x: RowContext) => string;
  body?: (x: RowContext) => unknown;
  headers?: (x: RowContext) => Record<string, string>;
  expect: Table;
  /** Roles that get 404 on a case they may see: the target is hidden from them (legal-track task). */
  hiddenFrom?: Role[];
  /** The municipality may act without the citizen's consent (its own sick-pay case), though the case stays hidden. */
  recordsWithoutConsent?: boolean;
  /** A 2xx that must leave everything as it was (a replay of a recorded answer). */
  replay?: boolean;
}

const tomorrow = () => addDays(today(), 1);
const caseP = (p: string) => (x: RowContext) => `/api/cases/${x.f.caseId}${p}`;
const task = (action: string, pick: (x: RowContext) => string) => (x: RowContext) => `/api/tasks/${pick(x)}/${action}`;
/** The task of an owned-task variant: the one the caller owns (anonymous: the consultant's). */
const ownTask = (kind: string) => (x: RowContext) => x.f.tasks[`${kind}:${x.who === 'anonymous' ? 'consultant' : x.who}`];
const byOf = (who: Who) => (who === 'insurer' || who === 'union' ? who : 'citizen');

const ENDPOINTS: CaseEndpoint[] = [
  {
    op: 'GET /api/cases/{caseId}',
    path: caseP(''),
    expect: table(`
      consultant 200 200 200 200
      supervisor 200 200 200 200
      caseworker 200 404 404 200
      insurer    200 404 200 200
      union      200 404 404 200
      employer   200 404 200 200`),
  },
  {
    op: 'GET /api/cases/{caseId}/timeline',
    path: caseP('/timeline'),
    expect: table(`
      consultant 200 200 200 200
      supervisor 200 200 200 200
      caseworker 200 404 404 200
      insurer    200 404 200 200
      union      200 404 404 200
      employer   200 404 200 200`),
  },
  {
    op: 'GET /api/cases/{caseId}/audit',
    path: caseP('/audit'),
    expect: table(`
      consultant 403 403 403 403
      supervisor 200 200 200 200
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // Allowed callers reach the workflow, which refuses: screening is over on an active case (422).
    op: 'POST /api/cases/{caseId}/screening',
    path: caseP('/screening'),
    body: () => ({ riskScore: 55 }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 404 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // A future date: allowed callers get the domain's 422 future-date.
    op: 'POST /api/cases/{caseId}/sick-leave/periods',
    path: caseP('/sick-leave/periods'),
    body: () => ({ kind: 'return-to-work', date: tomorrow() }),
    // The municipality's own sick-pay case: its caseworker records sick leave without the citizen's consent.
    recordsWithoutConsent: true,
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 422 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // The day it already is: 422 no-change.
    op: 'POST /api/cases/{caseId}/sick-leave/first-sick-day',
    path: caseP('/sick-leave/first-sick-day'),
    body: (x) => ({ firstSickDay: x.f.firstSickDay, reason: 'Samme dag som før' }),
    recordsWithoutConsent: true,
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 422 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // An assessment dated tomorrow: 422 future-date.
    op: 'POST /api/cases/{caseId}/medical-status',
    path: caseP('/medical-status'),
    body: () => ({ stationary: true, assessedOn: tomorrow() }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 404 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    op: 'POST /api/cases/{caseId}/decisions',
    path: caseP('/decisions'),
    body: () => ({ kind: 'treatment', justification: 'Behandlingsudgifterne dækkes efter speciallægens anbefaling.' }),
    expect: table(`
      consultant 201 201 201 201
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // Parties appeal in their own name; a union only with full power of attorney (the own case).
    op: 'POST /api/cases/{caseId}/appeals',
    path: caseP('/appeals'),
    body: (x) => ({ decisionId: x.f.decisionId, filedOn: today(), by: byOf(x.who) }),
    expect: table(`
      consultant 201 201 201 201
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    201 404 201 201
      union      201 404 404 403
      employer   403 404 403 403`),
  },
  {
    op: 'POST /api/cases/{caseId}/insurer-consultations',
    path: caseP('/insurer-consultations'),
    body: () => ({ question: 'Har forsikringen bemærkninger til planen?' }),
    expect: table(`
      consultant 201 201 201 201
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // One insurer row per case: each answers that case's open consultation once.
    op: 'POST /api/cases/{caseId}/insurer-consultations/{consultationId}/answer',
    path: (x) => `/api/cases/${x.f.caseId}/insurer-consultations/${x.f.consultationId}/answer`,
    body: () => ({ answer: 'Ingen bemærkninger.' }),
    expect: table(`
      consultant 403 403 403 403
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    200 404 200 200
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    op: 'POST /api/cases/{caseId}/roundtables',
    path: caseP('/roundtables'),
    body: (x) => ({
      scheduledAt: inAMonth(),
      location: 'Jobcenter',
      purpose: 'Opfølgning',
      agenda: ['Status'],
      participants: [{ role: 'citizen', name: 'Jens Jensen', email: `borger-${x.f.caseId}@borger.local` }],
    }),
    expect: table(`
      consultant 201 201 201 201
      supervisor 403 403 403 403
      caseworker 201 404 404 201
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    op: 'POST /api/cases/{caseId}/roundtables/{roundtableId}/reschedule',
    path: (x) => `/api/cases/${x.f.caseId}/roundtables/${x.f.plannedRoundtableId}/reschedule`,
    body: () => ({ scheduledAt: `${addDays(today(), 31)}T13:00:00+01:00`, note: 'Flyttet en dag' }),
    expect: table(`
      consultant 200 200 200 200
      supervisor 403 403 403 403
      caseworker 200 404 404 200
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // The held roundtable: cancelling, a second outcome and second minutes are all 409.
    op: 'POST /api/cases/{caseId}/roundtables/{roundtableId}/cancel',
    path: (x) => `/api/cases/${x.f.caseId}/roundtables/${x.f.heldRoundtableId}/cancel`,
    body: () => ({ reason: 'Aflyst' }),
    expect: table(`
      consultant 409 409 409 409
      supervisor 403 403 403 403
      caseworker 409 404 404 409
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    op: 'POST /api/cases/{caseId}/roundtables/{roundtableId}/outcome',
    path: (x) => `/api/cases/${x.f.caseId}/roundtables/${x.f.heldRoundtableId}/outcome`,
    body: () => ({ heldOn: today(), summary: 'Igen', actions: [] }),
    expect: table(`
      consultant 409 409 409 409
      supervisor 403 403 403 403
      caseworker 409 404 404 409
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    op: 'POST /api/cases/{caseId}/roundtables/{roundtableId}/minutes',
    path: (x) => `/api/cases/${x.f.caseId}/roundtables/${x.f.heldRoundtableId}/minutes`,
    body: () => ({ text: 'Referat igen' }),
    expect: table(`
      consultant 409 409 409 409
      supervisor 403 403 403 403
      caseworker 409 404 404 409
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // A work-injury case has no fast track: allowed callers get 422 case-kind from the workflow's rule.
    op: 'POST /api/cases/{caseId}/fast-track',
    path: caseP('/fast-track'),
    body: () => ({ requestedBy: 'employee', requestedOn: today() }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 404 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    op: 'POST /api/cases/{caseId}/fast-track/progress',
    path: caseP('/fast-track/progress'),
    body: () => ({ employeeConsent: true }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 404 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // A future start: allowed callers get the domain's 422 future-date.
    op: 'POST /api/cases/{caseId}/sick-leave/partial',
    path: caseP('/sick-leave/partial'),
    body: () => ({ from: tomorrow(), workingHoursPerWeek: 15, normalHoursPerWeek: 37 }),
    recordsWithoutConsent: true,
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 422 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // The fixture cases are active, not in aftercare: allowed callers get 422 phase.
    op: 'POST /api/cases/{caseId}/relapse',
    path: caseP('/relapse'),
    body: () => ({ sickFrom: today() }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 404 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // A promise due yesterday: allowed callers get the domain's 422 past-date (nothing is added).
    op: 'POST /api/cases/{caseId}/retention-plan/milestones',
    path: caseP('/retention-plan/milestones'),
    body: (x) => ({ kind: 'coaching', owner: x.owners.caseworker, dueOn: addDays(today(), -1) }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 404 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // The fixture cases have no retention plan: allowed callers get 422 unknown-milestone.
    op: 'POST /api/cases/{caseId}/retention-plan/progress',
    path: caseP('/retention-plan/progress'),
    body: () => ({ milestoneId: 'no-such-milestone', note: 'Fremdrift' }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 404 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // Open tasks and a planned roundtable: the consultant's close is 409.
    op: 'POST /api/cases/{caseId}/close',
    path: caseP('/close'),
    body: () => ({ outcome: 'no-result' }),
    expect: table(`
      consultant 409 409 409 409
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // The build's request and key again: 200 with the existing subsidy, nothing new.
    op: 'POST /api/cases/{caseId}/subsidies',
    path: caseP('/subsidies'),
    body: (x) => x.f.subsidyRequest,
    headers: (x) => ({ 'idempotency-key': x.f.subsidyKey }),
    replay: true,
    expect: table(`
      consultant 200 200 200 200
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // The justification may describe health: those without the legal track get 403.
    op: 'GET /api/subsidies/{subsidyId}',
    path: (x) => `/api/subsidies/${x.f.subsidyId}`,
    expect: table(`
      consultant 200 200 200 200
      supervisor 200 200 200 200
      caseworker 200 404 404 200
      insurer    200 404 200 200
      union      200 404 404 200
      employer   403 404 403 403`),
  },
  {
    // The build's approval and key again: the recorded answer, no second effect.
    op: 'POST /api/subsidies/{subsidyId}/decision',
    path: (x) => `/api/subsidies/${x.f.subsidyId}/decision`,
    body: (x) => x.f.subsidyDecision,
    headers: (x) => ({ 'idempotency-key': x.f.subsidyDecisionKey }),
    replay: true,
    expect: table(`
      consultant 403 403 403 403
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    200 404 200 200
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // The insurer has approved, not asked for information: 422.
    op: 'POST /api/subsidies/{subsidyId}/information',
    path: (x) => `/api/subsidies/${x.f.subsidyId}/information`,
    body: () => ({ information: 'Tilbud fra leverandøren vedlagt.' }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // Paid tomorrow: 422 date-in-future.
    op: 'POST /api/subsidies/{subsidyId}/payment',
    path: (x) => `/api/subsidies/${x.f.subsidyId}/payment`,
    body: () => ({ confirmedOn: tomorrow() }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 422 404 404 422
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // No reason: the centre passes access and gets 400, so the fixture's subsidy stays approved.
    op: 'POST /api/subsidies/{subsidyId}/withdraw',
    path: (x) => `/api/subsidies/${x.f.subsidyId}/withdraw`,
    body: () => ({ reason: ' ' }),
    expect: table(`
      consultant 400 400 400 400
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // A done task owned by the employer: staff and the owner pass access and get 409 task-closed.
    op: 'POST /api/tasks/{taskId}/complete',
    variant: "the employer's done task",
    path: task('complete', (x) => x.f.tasks['employer-done']),
    body: () => ({ note: 'Igen' }),
    expect: table(`
      consultant 409 409 409 409
      supervisor 409 409 409 409
      caseworker 409 404 404 409
      insurer    403 404 403 403
      union      403 404 404 403
      employer   409 404 409 409`),
  },
  {
    op: 'POST /api/tasks/{taskId}/cancel',
    variant: "the employer's done task",
    path: task('cancel', (x) => x.f.tasks['employer-done']),
    body: () => ({ reason: 'Ikke relevant' }),
    expect: table(`
      consultant 409 409 409 409
      supervisor 409 409 409 409
      caseworker 409 404 404 409
      insurer    403 404 403 403
      union      403 404 404 403
      employer   409 404 409 409`),
  },
  {
    // Reassigned to the same owner, so the employer stays the owner for the rows after.
    op: 'POST /api/tasks/{taskId}/reassign',
    variant: "the employer's open task",
    path: task('reassign', (x) => x.f.tasks['employer-open']),
    body: (x) => ({ owner: x.owners.employer }),
    expect: table(`
      consultant 200 200 200 200
      supervisor 200 200 200 200
      caseworker 200 404 404 200
      insurer    403 404 403 403
      union      403 404 404 403
      employer   200 404 200 200`),
  },
  {
    // The revision task (legal track): kept by a decision (409 kept-elsewhere); hidden from the employer.
    op: 'POST /api/tasks/{taskId}/complete',
    variant: 'the legal-track revision task',
    path: task('complete', (x) => x.f.revisionTaskId),
    body: () => ({}),
    hiddenFrom: ['employer'],
    expect: table(`
      consultant 409 409 409 409
      supervisor 409 409 409 409
      caseworker 409 404 404 409
      insurer    403 404 403 403
      union      403 404 404 403
      employer   404 404 404 404`),
  },
  {
    // Every caller owns one open task per case: owning a task never makes a hidden case visible.
    op: 'POST /api/tasks/{taskId}/complete',
    variant: 'a task the caller owns',
    path: task('complete', ownTask('complete')),
    body: () => ({ note: 'Gjort' }),
    expect: table(`
      consultant 200 200 200 200
      supervisor 200 200 200 200
      caseworker 200 404 404 200
      insurer    200 404 200 200
      union      200 404 404 200
      employer   200 404 200 200`),
  },
  {
    op: 'POST /api/tasks/{taskId}/cancel',
    variant: 'a task the caller owns',
    path: task('cancel', ownTask('cancel')),
    body: () => ({ reason: 'Ikke længere relevant' }),
    expect: table(`
      consultant 200 200 200 200
      supervisor 200 200 200 200
      caseworker 200 404 404 200
      insurer    200 404 200 200
      union      200 404 404 200
      employer   200 404 200 200`),
  },
  {
    op: 'POST /api/tasks/{taskId}/reassign',
    variant: 'a task the caller owns',
    path: task('reassign', ownTask('reassign')),
    body: (x) => ({ owner: x.owners[x.who === 'anonymous' ? 'consultant' : x.who] }),
    expect: table(`
      consultant 200 200 200 200
      supervisor 200 200 200 200
      caseworker 200 404 404 200
      insurer    200 404 200 200
      union      200 404 404 200
      employer   200 404 200 200`),
  },  {
    // An outside address never becomes a task owner, whoever hands the task on (the owner too): 422 where the caller may act.
    op: 'POST /api/tasks/{taskId}/reassign',
    variant: 'a task the caller owns, to an outside address',
    path: task('reassign', ownTask('reassign')),
    body: () => ({ owner: { role: 'consultant', name: 'Udefra', email: `outside-${randomUUID().slice(0, 8)}@example.org` } }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 422 422 422 422
      caseworker 422 404 404 422
      insurer    422 404 422 422
      union      422 404 404 422
      employer   422 404 422 422`),
  },
  {
    // A future date: the centre passes access and gets the domain's 422, so no consent changes.
    op: 'POST /api/cases/{caseId}/consents',
    path: caseP('/consents'),
    body: () => ({ kind: 'municipality', given: false, date: tomorrow(), sourceDocument: 'Samtykkeerklæring' }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    op: 'POST /api/cases/{caseId}/power-of-attorney',
    path: caseP('/power-of-attorney'),
    body: () => ({ powerOfAttorney: 'none', date: tomorrow() }),
    expect: table(`
      consultant 422 422 422 422
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    op: 'POST /api/cases/{caseId}/citizen-tokens',
    path: caseP('/citizen-tokens'),
    expect: table(`
      consultant 201 201 201 201
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    op: 'GET /api/cases/{caseId}/citizen-tokens',
    path: caseP('/citizen-tokens'),
    expect: table(`
      consultant 200 200 200 200
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
  {
    // A spare citizen token of the case (not the one the citizen rows use); a second revoke is harmless.
    op: 'POST /api/cases/{caseId}/citizen-tokens/{tokenId}/revoke',
    path: (x) => `/api/cases/${x.f.caseId}/citizen-tokens/${spareCitizenTokens[x.f.caseId]}/revoke`,
    expect: table(`
      consultant 200 200 200 200
      supervisor 403 403 403 403
      caseworker 403 404 404 403
      insurer    403 404 403 403
      union      403 404 404 403
      employer   403 404 403 403`),
  },
];

/** Endpoints on no particular case: one status per caller (no token last). */
const OTHER: Array<{ op: string; body?: unknown; statuses: Record<Who, number> }> = (
  [
    //                                     consultant supervisor caseworker insurer union employer anonymous
    ['GET /api/cases', undefined,              [200, 200, 200, 200, 200, 200, 401]],
    ['GET /api/tasks', undefined,              [200, 200, 200, 200, 200, 200, 401]],
    ['GET /api/insurer/subsidies', undefined,  [403, 403, 403, 200, 403, 403, 401]],
    ['GET /api/insurer/consultations', undefined, [403, 403, 403, 200, 403, 403, 401]],
    ['GET /api/supervisor/stuck', undefined,   [403, 200, 403, 403, 403, 403, 401]],
    ['GET /api/supervisor/stuck.csv', undefined, [403, 200, 403, 403, 403, 403, 401]],
    ['GET /api/supervisor/deadlines', undefined, [403, 200, 403, 403, 403, 403, 401]],
    ['GET /api/supervisor/overdue-tasks', undefined, [403, 200, 403, 403, 403, 403, 401]],
    ['GET /api/supervisor/retention-report', undefined, [403, 200, 403, 403, 403, 403, 401]],
    ['GET /api/me', undefined,                 [200, 200, 200, 200, 200, 200, 401]],
    ['GET /api/me/cases', undefined,           [200, 200, 200, 200, 200, 200, 401]],
    ['GET /api/citizen/case', undefined,       [403, 403, 403, 403, 403, 403, 401]],
    ['POST /codec/encode', { payloads: [{ metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('"x"').toString('base64') }] }, [200, 200, 403, 403, 403, 403, 401]],
    ['POST /codec/decode', { payloads: [] },   [200, 200, 403, 403, 403, 403, 401]],
    ['POST /api/session/codec', undefined,     [204, 204, 403, 403, 403, 403, 401]],
    ['DELETE /api/session/codec', undefined,   [204, 204, 204, 204, 204, 204, 401]],
    ['GET /api/health', undefined,             [200, 200, 200, 200, 200, 200, 200]],
    ['GET /api/health/ready', undefined,       [200, 200, 200, 200, 200, 200, 200]],
    ['GET /api/openapi.json', undefined,       [200, 200, 200, 200, 200, 200, 200]],
    ['GET /api/docs', undefined,               [200, 200, 200, 200, 200, 200, 200]],
    ['GET /metrics', undefined,                [200, 200, 200, 200, 200, 200, 200]],
    ['GET /', undefined,                       [200, 200, 200, 200, 200, 200, 200]],
  ] as Array<[string, unknown, number[]]>
).map(([op, body, s]) => ({ op, body, statuses: Object.fromEntries(WHO.map((w, i) => [w, s[i]])) as Record<Who, number> }));
/** Served but not API operations, so not in the OpenAPI document. */
const NOT_IN_OPENAPI = ['GET /metrics', 'GET /'];

/** POST /api/cases: (caller, municipality of the new case) → status. */
const CREATE: Array<[Who, 'own' | 'other', number]> = [
  ['consultant', 'own', 201],
  ['consultant', 'other', 201],
  ['caseworker', 'own', 201],
  ['caseworker', 'other', 403],
  ...(['supervisor', 'insurer', 'union', 'employer'] as Role[]).flatMap((r) => [[r, 'own', 403] as [Who, 'own', number], [r, 'other', 403] as [Who, 'other', number]]),
  ['anonymous', 'own', 401],
];

/** Keys an employer must never receive, at any depth (API.md: the legal track is absent). */
const EMPLOYER_FORBIDDEN_KEYS = ['decisions', 'appeals', 'medical', 'sickPay', 'injury', 'riskScore', 'union', 'consentLog'];
/** Timeline event types of the legal track, and task kinds of it. */
const LEGAL_EVENT_TYPES = ['decision-made', 'appeal-filed', 'insurer-consulted', 'insurer-consultation-answered', 'medical-status-recorded', 'first-sick-day-corrected', 'screening-updated'];
const LEGAL_TASK_KINDS = ['revision', 'complete-screening'];

function keysDeep(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysDeep(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysDeep(x, out);
    }
  }
  return out;
}
/** Every object in a JSON tree (to find events and tasks wherever they are). */
function objectsDeep(v: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(v)) v.forEach((x) => objectsDeep(x, out));
  else if (v && typeof v === 'object') {
    out.push(v as Record<string, unknown>);
    Object.values(v).forEach((x) => objectsDeep(x, out));
  }
  return out;
}
/** Nothing of the legal track anywhere in what an employer received: keys, texts, events, tasks. */
function assertNoLegalTrack(body: unknown, where: string) {
  const keys = keysDeep(body);
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  const objects = objectsDeep(body);
  expect({
    where,
    keys: EMPLOYER_FORBIDDEN_KEYS.filter((k) => keys.has(k)),
    texts: [LEGAL_MARK, LEGAL_TEXTS.injury].filter((t) => text.includes(t)),
    legalEvents: objects.filter((o) => o.track === 'legal' || LEGAL_EVENT_TYPES.includes(String(o.type))).map((o) => o.type),
    legalTasks: objects.filter((o) => 'taskId' in o && LEGAL_TASK_KINDS.includes(String(o.kind))).map((o) => o.taskId),
  }).toEqual({ where, keys: [], texts: [], legalEvents: [], legalTasks: [] });
}

const tokens = {} as Record<Role, string>;
/** Per fixture case, a citizen token id for the revoke rows (the citizen rows use `citizenToken`). */
const spareCitizenTokens: Record<string, string> = {};
let citizenToken = '';
const owners = {} as Record<Role, Owner>;
const fixtures = {} as Record<Relation, FixtureCase>;
const fixtureIds = () => RELATIONS.map((r) => fixtures[r].caseId);

beforeAll(async () => {
  svc = await startTestService();
  const orgOf: Record<Role, string> = {
    consultant: 'fastholdelsescentret',
    supervisor: 'fastholdelsescentret',
    caseworker: ORG.municipality,
    insurer: ORG.insurer,
    union: ORG.union,
    employer: ORG.employer,
    citizen: '', // bound to the own fixture case once it exists (citizenToken)
  };
  for (const role of ROLES) {
    tokens[role] = await svc.token(role, orgOf[role]);
    owners[role] = await ownerOf(svc, tokens[role]);
  }
  const otherInsurer = await svc.token('insurer', ORG.otherInsurer);
  // Per case: an open task per caller for each owned-task variant, and the employer's open and done task.
  const owned: OwnedTask[] = [
    ...ROLES.flatMap((r) => ['complete', 'cancel', 'reassign'].map((k) => ({ label: `${k}:${r}`, owner: owners[r] }))),
    { label: 'employer-open', owner: owners.employer },
    { label: 'employer-done', owner: owners.employer, done: true },
  ];
  const built = await Promise.all(
    RELATIONS.map((r) =>
      buildFixtureCase(svc, { consultant: tokens.consultant, insurer: r === 'other' ? otherInsurer : tokens.insurer, intake: intakeFor(r), tasks: owned }),
    ),
  );
  RELATIONS.forEach((r, i) => (fixtures[r] = built[i]));
  // The citizen of the own case; and a spare token on every case for the revoke rows.
  citizenToken = await svc.token('citizen', fixtures.own.caseId, 'Jens Jensen');
  for (const r of RELATIONS) {
    const { rows } = await svc.pool.query<{ token_id: string }>(
      `INSERT INTO actors (token_hash, actor_id, role, organisation, name, email, case_id) VALUES ($1, $2, 'citizen', $3, 'Jens', 'jens@borger.local', $3) RETURNING token_id`,
      [`spare-${randomUUID()}`, `citizen-spare-${randomUUID().slice(0, 8)}`, fixtures[r].caseId],
    );
    spareCitizenTokens[fixtures[r].caseId] = rows[0].token_id;
  }
  // Emails and the subsidies' reports to their cases settle before the rows compare states.
  await settled(svc, fixtureIds());
}, 120_000);
afterAll(async () => svc?.stop());

function expected(ep: CaseEndpoint, who: Who, r: Relation): number {
  return who === 'anonymous' ? 401 : ep.expect[who][r];
}
const rowName = (ep: CaseEndpoint) => `${ep.op}${ep.variant ? ` [${ep.variant}]` : ''}`;
const matrix = ENDPOINTS.flatMap((ep) => WHO.flatMap((who) => RELATIONS.map((r) => [rowName(ep), who, r, expected(ep, who, r)] as const)));

test('the expectation tables agree with who may know which case (404 exactly where the case is hidden)', () => {
  for (const ep of ENDPOINTS) {
    for (const role of ROLES) {
      for (const r of RELATIONS) {
        const actsAnyway = ep.recordsWithoutConsent && role === 'caseworker' && r === 'noRight';
        const hidden = (!VISIBLE[role].includes(r) && !actsAnyway) || ep.hiddenFrom?.includes(role);
        expect([rowName(ep), role, r, ep.expect[role][r] === 404]).toEqual([rowName(ep), role, r, Boolean(hidden)]);
      }
    }
  }
});

test.each(matrix)('%s as %s on the %s case → %i', async (name, who, r, status) => {
  const ep = ENDPOINTS.find((e) => rowName(e) === name)!;
  const method = ep.op.split(' ')[0];
  const x: RowContext = { f: fixtures[r], who, owners };
  const before = await seqs(svc, [x.f.caseId]);
  const res = await svc.api(method, ep.path(x), {
    token: who === 'anonymous' ? undefined : tokens[who],
    body: ep.body?.(x),
    headers: ep.headers?.(x),
  });
  expect({ status: res.status, detail: res.status === status ? undefined : res.body }).toEqual({ status, detail: undefined });
  if (status >= 400) {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//) });
  }
  if (who === 'employer') assertNoLegalTrack(res.body, `${name} (${r})`);
  // Refusals, reads and replays change nothing (not the case, not its subsidies).
  if (status >= 400 || method === 'GET' || ep.replay) expect(await seqs(svc, [x.f.caseId])).toEqual(before);
});

test.each(OTHER.flatMap((o) => WHO.map((who) => [o.op, who, o.statuses[who]] as const)))('%s as %s → %i', async (op, who, status) => {
  const [method, path] = op.split(' ');
  const body = OTHER.find((o) => o.op === op)!.body;
  const res = await svc.api(method, path, { token: who === 'anonymous' ? undefined : tokens[who], body });
  expect(res.status).toBe(status);
  if (status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  // Case data only: the public documents describe the legal track's fields by name.
  if (who === 'employer' && OTHER.find((o) => o.op === op)!.statuses.anonymous === 401) assertNoLegalTrack(res.body, op);
});

test.each(CREATE)('POST /api/cases as %s for the %s municipality → %i', async (who, m, status) => {
  const body = intakeBody({ municipalityCode: m === 'own' ? ORG.municipality : ORG.otherMunicipality });
  const res = await svc.api('POST', '/api/cases', { token: who === 'anonymous' ? undefined : tokens[who], body });
  expect(res.status).toBe(status);
});

test('every operation of the OpenAPI document has rows, and the roles it names are exactly those the rows let through', async () => {
  const doc = (await svc.api('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { 'x-roles': Role[] | 'public' }>> };
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => ({ op: `${m.toUpperCase()} ${path}`, roles: op['x-roles'] })));
  const covered = new Set([...ENDPOINTS.map((e) => e.op), ...OTHER.map((o) => o.op), 'POST /api/cases']);
  expect(documented.map((d) => d.op).filter((op) => !covered.has(op))).toEqual([]);
  expect([...covered].filter((op) => !NOT_IN_OPENAPI.includes(op) && !documented.some((d) => d.op === op))).toEqual([]);

  // A role "gets through" when some row answers it with something other than 401/403/404.
  const through = (op: string): Role[] | 'public' => {
    const other = OTHER.find((o) => o.op === op);
    if (other?.statuses.anonymous === 200) return 'public';
    const statuses = (role: Role): number[] =>
      op === 'POST /api/cases'
        ? CREATE.filter(([w]) => w === role).map(([, , s]) => s)
        : other
          ? [other.statuses[role]]
          : ENDPOINTS.filter((e) => e.op === op).flatMap((e) => RELATIONS.map((r) => e.expect[role][r]));
    const roles = ROLES.filter((role) => statuses(role).some((s) => ![401, 403, 404].includes(s)));
    const citizen =
      op === 'POST /api/cases'
        ? [403]
        : other
          ? [citizenOther(op)]
          : ENDPOINTS.filter((e) => e.op === op).flatMap((e) => RELATIONS.map((r) => citizenExpected(e, r)));
    return citizen.some((s) => ![401, 403, 404].includes(s)) ? [...roles, 'citizen'] : roles;
  };
  const sorted = (r: Role[] | 'public') => (r === 'public' ? r : [...r].sort());
  const mismatches = documented.filter((d) => JSON.stringify(sorted(d.roles)) !== JSON.stringify(sorted(through(d.op))));
  expect(mismatches.map((d) => ({ op: d.op, documented: sorted(d.roles), rows: sorted(through(d.op)) }))).toEqual([]);
});

/**
 * The citizen role: a token bound to the own fixture case. It reads that case's citizen view (GET
 * /api/cases/{caseId} on its own case, GET /api/citizen/case) and who it is; every other case-bound
 * operation is 404 to it, whichever case, and the rest 403 (codec: the codec's own role check).
 */
const citizenExpected = (ep: CaseEndpoint, r: Relation): number => (ep.op === 'GET /api/cases/{caseId}' && r === 'own' ? 200 : 404);
const CITIZEN_OTHER: Record<string, number> = {
  'GET /api/me': 200,
  'GET /api/me/cases': 200,
  'GET /api/citizen/case': 200,
  'DELETE /api/session/codec': 204,
  'GET /api/health': 200,
  'GET /api/health/ready': 200,
  'GET /api/openapi.json': 200,
  'GET /api/docs': 200,
  'GET /metrics': 200,
  'GET /': 200,
};
const citizenOther = (op: string): number => CITIZEN_OTHER[op] ?? 403;

test.each(ENDPOINTS.flatMap((ep) => RELATIONS.map((r) => [rowName(ep), r, citizenExpected(ep, r)] as const)))(
  '%s as citizen (of the own case) on the %s case → %i',
  async (name, r, status) => {
    const ep = ENDPOINTS.find((e) => rowName(e) === name)!;
    const x: RowContext = { f: fixtures[r], who: 'consultant', owners };
    const before = await seqs(svc, [x.f.caseId]);
    const res = await svc.api(ep.op.split(' ')[0], ep.path(x), { token: citizenToken, body: ep.body?.(x), headers: ep.headers?.(x) });
    expect({ status: res.status, detail: res.status === status ? undefined : res.body }).toEqual({ status, detail: undefined });
    if (status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await seqs(svc, [x.f.caseId])).toEqual(before);
  },
);

test.each(OTHER.map((o) => [o.op, citizenOther(o.op)] as const))('%s as citizen → %i', async (op, status) => {
  const [method, path] = op.split(' ');
  const res = await svc.api(method, path, { token: citizenToken, body: OTHER.find((o) => o.op === op)!.body });
  expect(res.status).toBe(status);
});

test('the citizen creates no case, and its view of its own case holds no other person’s contact details', async () => {
  expect((await svc.api('POST', '/api/cases', { token: citizenToken, body: intakeBody({ municipalityCode: ORG.municipality }) })).status).toBe(403);
  const view = await svc.api('GET', `/api/cases/${fixtures.own.caseId}`, { token: citizenToken });
  expect(view.status).toBe(200);
  expect(view.body).toEqual((await svc.api('GET', '/api/citizen/case', { token: citizenToken })).body);
  const consultantView = (await svc.api('GET', `/api/cases/${fixtures.own.caseId}`, { token: tokens.consultant })).body;
  const text = JSON.stringify(view.body);
  for (const other of [consultantView.employer.email, consultantView.insurer.email, consultantView.union.email, LEGAL_TEXTS.injury]) expect(text).not.toContain(other);
  expect(keysDeep(view.body).has('participants')).toBe(false);
  const list = await svc.api('GET', '/api/me/cases', { token: citizenToken });
  expect(list.body.items.map((c: { caseId: string }) => c.caseId).filter((id: string) => fixtureIds().includes(id))).toEqual(
    list.body.items.length > 0 ? [fixtures.own.caseId] : [],
  );
});

test('an unknown id answers exactly like an id the caller may not know (404, same problem)', async () => {
  const probes: Array<[string, string, (r: Relation) => string, unknown?]> = [
    ['case', 'GET', (r) => `/api/cases/${r === 'own' ? 'c000000000000000' : fixtures.other.caseId}`],
    ['timeline', 'GET', (r) => `/api/cases/${r === 'own' ? 'c000000000000000' : fixtures.other.caseId}/timeline`],
    ['subsidy', 'GET', (r) => `/api/subsidies/${r === 'own' ? `${fixtures.own.caseId}-Sffffffffff` : fixtures.other.subsidyId}`],
    ['task', 'POST', (r) => `/api/tasks/${r === 'own' ? `${fixtures.own.caseId}-T999` : fixtures.other.tasks['employer-open']}/complete`, {}],
  ];
  for (const role of ['caseworker', 'insurer', 'union', 'employer'] as Role[]) {
    for (const [what, method, path, body] of probes) {
      const unknown = await svc.api(method, path('own'), { token: tokens[role], body });
      const hidden = await svc.api(method, path('other'), { token: tokens[role], body });
      const shape = (res: typeof unknown) => ({ status: res.status, type: res.body.type, title: res.body.title, detail: res.body.detail });
      expect({ role, what, ...shape(hidden) }).toEqual({ role, what, ...shape(unknown) });
      expect(hidden.status).toBe(404);
    }
  }
});

/** Every page of GET /api/cases for a caller, reduced to the fixture cases. */
async function listed(role: Role): Promise<{ seen: Relation[]; items: unknown[] }> {
  const items: Array<{ caseId: string }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res: { status: number; body: { items: Array<{ caseId: string }>; nextCursor: string | null } } = await svc.api(
      'GET',
      `/api/cases?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token: tokens[role] },
    );
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  return seenIn(items);
}
const seenIn = (items: Array<{ caseId: string }>) => {
  const ours = items.filter((i) => fixtureIds().includes(i.caseId));
  return { seen: RELATIONS.filter((r) => ours.some((i) => i.caseId === fixtures[r].caseId)), items: ours };
};

test.each(ROLES)('GET /api/cases as %s lists exactly the cases it may know', async (role) => {
  const { seen, items } = await listed(role);
  expect(seen).toEqual(VISIBLE[role]);
  if (role === 'employer') {
    assertNoLegalTrack(items, 'GET /api/cases');
    expect(keysDeep(items).has('limitDate')).toBe(false);
  }
});

test.each(ROLES)('GET /api/tasks, ?owner=me and /api/me/cases as %s hold exactly the cases it may know (owning a task there is not enough)', async (role) => {
  // Per case (other suites' tasks may fill a page): the fixture cases whose tasks the caller gets.
  const perCase = await Promise.all(RELATIONS.map((r) => svc.api('GET', `/api/tasks?caseId=${fixtures[r].caseId}&limit=500`, { token: tokens[role] })));
  const mine = await svc.api('GET', '/api/tasks?owner=me&limit=500', { token: tokens[role] });
  const meCases = await svc.api('GET', '/api/me/cases', { token: tokens[role] });
  for (const res of [...perCase, mine, meCases]) expect(res.status).toBe(200);
  const all = perCase.flatMap((res) => res.body.items);
  expect(seenIn(all).seen).toEqual(VISIBLE[role]);
  // The caller owns an open task on every fixture case (its reassign task).
  expect(seenIn(mine.body.items).seen).toEqual(VISIBLE[role]);
  expect(seenIn(meCases.body.items).seen).toEqual(VISIBLE[role]);
  const revisionTasks = all.filter((t: { kind: string; caseId: string }) => t.kind === 'revision' && fixtureIds().includes(t.caseId));
  expect(revisionTasks.length).toBe(role === 'employer' ? 0 : VISIBLE[role].length);
});

test('GET /api/insurer/subsidies lists the subsidies of the insurer’s own cases only', async () => {
  const res = await svc.api('GET', '/api/insurer/subsidies?limit=500', { token: tokens.insurer });
  expect(res.status).toBe(200);
  const ids = res.body.items.map((s: { subsidyId: string }) => s.subsidyId);
  expect(RELATIONS.filter((r) => ids.includes(fixtures[r].subsidyId))).toEqual(VISIBLE.insurer);
});

test('GET /api/insurer/consultations lists unanswered consultations on the insurer’s own cases only', async () => {
  const res = await svc.api('GET', '/api/insurer/consultations', { token: tokens.insurer });
  expect(res.status).toBe(200);
  const own = VISIBLE.insurer.map((r) => fixtures[r].caseId);
  const ids = res.body.items.map((q: { caseId: string }) => q.caseId);
  expect(ids.filter((id: string) => !own.includes(id))).toEqual([]);
  for (const q of res.body.items) expect(q).toEqual(expect.objectContaining({ consultationId: expect.any(String), question: expect.any(String), askedOn: expect.any(String) }));
});

test('the employer, on every GET it may call, receives nothing of the legal track, while the consultant does', async () => {
  const visible = VISIBLE.employer.map((r) => fixtures[r].caseId);
  const paths = [
    '/api/cases?limit=200',
    '/api/tasks?limit=500',
    '/api/tasks?owner=me',
    '/api/tasks?status=done',
    '/api/me',
    '/api/me/cases',
    ...visible.flatMap((id) => [`/api/cases/${id}`, `/api/cases/${id}/timeline`, `/api/tasks?caseId=${id}`]),
  ];
  for (const path of paths) {
    const res = await svc.api('GET', path, { token: tokens.employer });
    expect([path, res.status]).toEqual([path, 200]);
    assertNoLegalTrack(res.body, path);
  }
  // The same views for the consultant hold all of it, so the checks above are not vacuous.
  const view = (await svc.api('GET', `/api/cases/${fixtures.own.caseId}`, { token: tokens.consultant })).body;
  expect(EMPLOYER_FORBIDDEN_KEYS.filter((k) => !(k in view))).toEqual([]);
  expect(JSON.stringify(view)).toContain(LEGAL_TEXTS.decision);
  expect(JSON.stringify(view)).toContain(LEGAL_TEXTS.injury);
  const consultantEvents = (await svc.api('GET', `/api/cases/${fixtures.own.caseId}/timeline`, { token: tokens.consultant })).body.events as Array<{ type: string; track: string }>;
  const employerEvents = (await svc.api('GET', `/api/cases/${fixtures.own.caseId}/timeline`, { token: tokens.employer })).body.events as Array<{ type: string; track: string }>;
  const legal = consultantEvents.filter((e) => e.track === 'legal');
  expect([...new Set(legal.map((e) => e.type))]).toEqual(
    expect.arrayContaining(['first-sick-day-corrected', 'medical-status-recorded', 'decision-made', 'appeal-filed', 'insurer-consulted', 'insurer-consultation-answered', 'task-created']),
  );
  expect(employerEvents.length).toBe(consultantEvents.length - legal.length);
  // The employer still sees the retention track (the roundtables it took part in, with minutes, and its
  // tasks) but not the subsidies: they are between the centre and the insurer and may name a treatment.
  const employerView = (await svc.api('GET', `/api/cases/${fixtures.own.caseId}`, { token: tokens.employer })).body;
  expect(employerView.roundtables.map((r: { roundtableId: string }) => r.roundtableId)).toEqual(
    expect.arrayContaining([fixtures.own.plannedRoundtableId, fixtures.own.heldRoundtableId]),
  );
  expect(employerView).not.toHaveProperty('subsidies');
  expect(employerView.tasks.some((t: { kind: string }) => t.kind === 'confirm-payment')).toBe(false);
  expect(employerEvents.some((e) => e.type.startsWith('subsidy'))).toBe(false);
  expect(employerView.tasks.some((t: { taskId: string }) => t.taskId === fixtures.own.tasks['employer-open'])).toBe(true);
});
