// Rich fixture cases for the authorisation matrix and the fuzz test, built through the real endpoints:
// an active case with legal content (decision, appeal, consultation, medical status, corrected first
// sick day), a planned and a held roundtable (minutes sent), owned action tasks and an approved subsidy.
import type { CaseIntakeInput } from '../../domain/case/caseIntake.schema';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { addDays } from '../../domain/calendar/localDate';
import { intakeBody, recentFirstSickDay } from './fixtures';
import { eventually, type ApiResponse, type TestService } from './service';

/**
 * Distinctive texts in the legal track's fields: none may ever reach an employer. The injury
 * description comes from `intakeBody()`.
 */
export const LEGAL_TEXTS = {
  injury: 'Knust hånd i presse',
  decision: 'JURSPOR-afgørelse: erhvervsevnetabet er foreløbigt vurderet efter arbejdsprøvning.',
  appeal: 'JURSPOR-klage over begrundelsen',
  consultation: 'JURSPOR-høring: kommentarer til den foreløbige afgørelse?',
  medical: 'JURSPOR-speciallægeerklæring',
  correction: 'JURSPOR-rettelse efter lægejournal',
  subsidyJustification: 'JURSPOR-begrundelse: med løfteudstyr kan borgeren genoptage 25 timer om ugen i sit job.',
};
/** The prefix every legal text above (but the injury) carries, for one substring check. */
export const LEGAL_MARK = 'JURSPOR';

/** A task owner as the task API takes it. */
export interface Owner {
  role: string;
  name: string;
  email: string;
}

/** One agreed action at the held roundtable, i.e. one follow-up task with a chosen owner. */
export interface OwnedTask {
  label: string;
  owner: Owner;
  /** Completed during the build, so it is closed when the tests start. */
  done?: boolean;
}

/** What a fixture case holds, by id. */
export interface FixtureCase {
  caseId: string;
  injuryCaseRef: string;
  firstSickDay: string;
  decisionId: string;
  /** The decision's revision task: legal track, kept by a decision (never ticked off). */
  revisionTaskId: string;
  consultationId: string;
  plannedRoundtableId: string;
  /** Held, outcome recorded and minutes sent: every further change to it is refused (409). */
  heldRoundtableId: string;
  /** Task ids of the agreed actions by label. */
  tasks: Record<string, string>;
  subsidyId: string;
  /** The request and its Idempotency-Key: sending both again answers the existing subsidy. */
  subsidyKey: string;
  subsidyRequest: Record<string, unknown>;
  /** The insurer's approval and its Idempotency-Key: sending both again answers the recorded decision. */
  subsidyDecisionKey: string;
  subsidyDecision: Record<string, unknown>;
}

export interface FixtureOptions {
  /** A consultant's token; it opens the case and so becomes its consultant. */
  consultant: string;
  /** A token of the case's insurer (it approves the subsidy). */
  insurer: string;
  intake?: Partial<CaseIntakeInput>;
  tasks: OwnedTask[];
}

export const today = (): string => localDateInCopenhagen(Date.now());
/** A planned meeting a month ahead: no reminder fires while the tests run. */
export const inAMonth = (): string => `${addDays(today(), 30)}T10:00:00+01:00`;

/** Sends a request that must answer `status`, or fails with what it answered instead. */
export async function must<T = any>(
  svc: TestService,
  status: number,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const res = await svc.api<T>(method, path, opts);
  if (res.status !== status) throw new Error(`${method} ${path} answered ${res.status}, not ${status}: ${JSON.stringify(res.body).slice(0, 400)}`);
  return res;
}

/** The owner fields of the actor behind a token (GET /api/me). */
export async function ownerOf(svc: TestService, token: string): Promise<Owner> {
  const me = (await must(svc, 200, 'GET', '/api/me', { token })).body as Owner;
  return { role: me.role, name: me.name, email: me.email };
}

const scheduleBody = (tag: string) => ({
  scheduledAt: inAMonth(),
  location: 'Jobcenter Aarhus, mødelokale 2',
  purpose: 'Plan for tilbagevenden til arbejdet',
  agenda: ['Arbejdsopgaver', 'Skånehensyn'],
  participants: [
    { role: 'citizen', name: 'Jens Jensen', email: `borger-${tag}@borger.local` },
    { role: 'employer', name: 'Byg & Co', email: `hr-${tag}@bygco.local` },
  ],
  citizenConsentsToEmployer: true,
});

/** Builds one fixture case; every step must succeed. */
export async function buildFixtureCase(svc: TestService, o: FixtureOptions): Promise<FixtureCase> {
  const c = { token: o.consultant };
  const intake = intakeBody(o.intake);
  const created = await must(svc, 201, 'POST', '/api/cases', { ...c, body: intake });
  if (created.body.status !== 'active') throw new Error(`fixture case is ${created.body.status}, not active`);
  const caseId: string = created.body.caseId;
  const at = (p: string) => `/api/cases/${caseId}${p}`;
  const tag = caseId.slice(-8);

  const firstSickDay = addDays(recentFirstSickDay(), -1);
  await must(svc, 200, 'POST', at('/sick-leave/first-sick-day'), { ...c, body: { firstSickDay, reason: LEGAL_TEXTS.correction } });
  await must(svc, 200, 'POST', at('/medical-status'), { ...c, body: { stationary: false, assessedOn: today(), source: LEGAL_TEXTS.medical } });
  const decision = await must(svc, 201, 'POST', at('/decisions'), {
    ...c,
    body: { kind: 'interim', earningCapacityLossPct: 25, justification: LEGAL_TEXTS.decision, acknowledgeRuleCollision: true, nextIncomeBasis: 'fleksjob' },
  });
  await must(svc, 201, 'POST', at('/appeals'), { ...c, body: { decisionId: decision.body.decisionId, filedOn: today(), by: 'citizen', note: LEGAL_TEXTS.appeal } });
  const consultation = await must(svc, 201, 'POST', at('/insurer-consultations'), { ...c, body: { question: LEGAL_TEXTS.consultation } });

  const planned = await must(svc, 201, 'POST', at('/roundtables'), { ...c, body: scheduleBody(tag) });
  const held = await must(svc, 201, 'POST', at('/roundtables'), { ...c, body: scheduleBody(tag) });
  const heldId: string = held.body.roundtableId;
  const outcome = await must(svc, 200, 'POST', at(`/roundtables/${heldId}/outcome`), {
    ...c,
    body: {
      heldOn: today(),
      summary: 'Borgeren starter op på 15 timer om ugen med lettere opgaver.',
      actions: o.tasks.map((t) => ({ title: `Opfølgning: ${t.label}`, owner: t.owner, dueOn: addDays(today(), 60) })),
    },
  });
  const tasks = Object.fromEntries(o.tasks.map((t, i) => [t.label, outcome.body.taskIds[i] as string]));
  await must(svc, 200, 'POST', at(`/roundtables/${heldId}/minutes`), { ...c, body: { text: 'Referat: opstart på 15 timer om ugen; opfølgning om fire uger.' } });
  for (const t of o.tasks.filter((x) => x.done)) await must(svc, 200, 'POST', `/api/tasks/${tasks[t.label]}/complete`, { ...c, body: { note: 'Klaret' } });

  const subsidyKey = `fixture-subsidy-${caseId}`;
  const subsidyRequest = {
    kind: 'workplace-adaptation',
    description: 'Hæve-sænkebord og løfteudstyr på værkstedet',
    amountDkk: 18500,
    justification: LEGAL_TEXTS.subsidyJustification,
  };
  const subsidy = await must(svc, 201, 'POST', at('/subsidies'), { ...c, body: subsidyRequest, headers: { 'idempotency-key': subsidyKey } });
  const subsidyDecisionKey = `fixture-approval-${caseId}`;
  const subsidyDecision = { decision: 'approved', approvedAmountDkk: 15000, note: 'Godkendt' };
  await must(svc, 200, 'POST', `/api/subsidies/${subsidy.body.subsidyId}/decision`, {
    token: o.insurer,
    body: subsidyDecision,
    headers: { 'idempotency-key': subsidyDecisionKey },
  });

  return {
    caseId,
    injuryCaseRef: intake.injuryCaseRef.toUpperCase(),
    firstSickDay,
    decisionId: decision.body.decisionId,
    revisionTaskId: decision.body.revisionTaskId,
    consultationId: consultation.body.consultationId,
    plannedRoundtableId: planned.body.roundtableId,
    heldRoundtableId: heldId,
    tasks,
    subsidyId: subsidy.body.subsidyId,
    subsidyKey,
    subsidyRequest,
    subsidyDecisionKey,
    subsidyDecision,
  };
}

/** `seq` of cases and subsidies (each bumped by every change), for before/after comparisons. */
export async function seqs(svc: TestService, caseIds: string[]): Promise<Record<string, number>> {
  const cases = await svc.pool.query<{ id: string; seq: number }>('SELECT case_id AS id, seq FROM cases WHERE case_id = ANY($1)', [caseIds]);
  const subsidies = await svc.pool.query<{ id: string; seq: number }>(
    `SELECT subsidy_id AS id, (data->>'seq')::int AS seq FROM subsidies WHERE case_id = ANY($1)`,
    [caseIds],
  );
  return Object.fromEntries([...cases.rows, ...subsidies.rows].map((r) => [r.id, Number(r.seq)]));
}

/** The history length of every workflow of these cases (case and subsidies). */
async function histories(svc: TestService, caseIds: string[]): Promise<Record<string, number>> {
  const { rows } = await svc.pool.query<{ subsidy_id: string }>('SELECT subsidy_id FROM subsidies WHERE case_id = ANY($1)', [caseIds]);
  const ids = [...caseIds.map((id) => `case-${id}`), ...rows.map((r) => `subsidy-${r.subsidy_id}`)];
  const out: Record<string, number> = {};
  for (const id of ids) {
    const d = await svc.client.workflow.getHandle(id).describe();
    // Emails go out beside the main loop: a workflow with a pending activity is still moving.
    out[id] = d.raw.pendingActivities?.length ? -1 : d.historyLength;
  }
  return out;
}

/** Waits until the cases' workflows have sent their emails and nothing moves any more; returns their histories. */
export async function settled(svc: TestService, caseIds: string[]): Promise<Record<string, number>> {
  let last = '';
  return eventually(
    async () => {
      const now = { seq: await seqs(svc, caseIds), history: await histories(svc, caseIds) };
      const text = JSON.stringify(now);
      const stable = text === last && !Object.values(now.history).includes(-1);
      last = text;
      return stable && now.history;
    },
    60_000,
    500,
  );
}
