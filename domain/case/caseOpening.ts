// Intake and screening of a case: builds the initial state, decides eligibility, tells the
// insurer once when the centre takes the case, and tracks incomplete screenings as a task.
import { CaseChange } from './caseChange';
import { DomainRejection, type ChangeContext } from '../kernel/change';
import type { ResolvedIntake, TriState } from './caseIntake.schema';
import type { CaseState } from './caseState.schema';
import type { TaskOwner } from '../tasks/tasks.schema';
import { screen } from './eligibility';
import { addBusinessDays } from '../calendar/businessDays';
import { createTask, closeTask } from '../tasks/tasks';
import { formatInstant } from '../calendar/copenhagenTime';
import { payerOf } from './payer';

/** Body of a screening update: any of the criteria and the risk score. */
export interface ScreeningUpdate {
  recognised?: TriState;
  permanentConsequences?: TriState;
  canReturnToFormerWork?: TriState;
  riskScore?: number;
}

/** How the timeline names who referred the case (caseworkers read it in Danish). */
const REFERRAL_TEXT: Record<ResolvedIntake['referral']['source'], string> = {
  municipality: 'henvisning fra kommunen',
  insurer: 'henvisning fra forsikringsselskabet',
  union: 'henvisning fra fagforeningen',
  employer: 'henvisning fra arbejdsgiveren',
  internal: 'intern henvisning i Arbejdsskadestyrelsen',
  'fast-track': 'en hasteanmodning (fast track)',
};

/** Builds a new case from a validated intake and screens it at once. */
export function openCase(caseId: string, intake: ResolvedIntake, ctx: ChangeContext): CaseChange {
  const at = formatInstant(ctx.now);
  const { payer, privateInsurer } = payerOf(intake);
  const state: CaseState = {
    caseId,
    injuryCaseRef: intake.injuryCaseRef,
    municipalityCode: intake.municipalityCode,
    status: 'screening',
    referral: intake.referral,
    citizen: intake.citizen,
    consentToShareWithMunicipality: intake.consentToShareWithMunicipality,
    // Intakes recorded before the field carry none: no consent to the employer's involvement.
    employerConsent: intake.consentToEmployerInvolvement ?? false,
    caseworker: intake.caseworker,
    consultant: intake.consultant,
    employer: intake.employer ?? null,
    insurer: payer,
    privateInsurer,
    union: intake.union ?? null,
    injury: intake.injury,
    riskScore: intake.riskScore ?? null,
    screening: { reasons: [], missing: [] },
    sickLeave: {
      firstSickDay: intake.sickLeave.firstSickDay,
      periods: [],
      extension: { active: false, since: null, endedOn: null, endedByDecisionId: null },
      corrections: [],
      reminderLog: [],
    },
    medical: { stationary: false, assessedOn: null, source: null, history: [], lastCheckInOn: null },
    decisions: [],
    appeals: [],
    insurerConsultations: [],
    roundtables: [],
    subsidies: [],
    tasks: [],
    outcome: null,
    firedAlarms: [],
    seq: 0,
    createdAt: at,
    updatedAt: at,
    lastActivityAt: at,
  };
  const change = new CaseChange(state, ctx);
  change.record('case-opened', 'case', `Sagen er oprettet efter ${REFERRAL_TEXT[intake.referral.source]}.`);
  if (privateInsurer) {
    change.record('payer-named', 'legal', `Erhvervssygdom: erstatningen betales af ${payer.name}, som er part i sagen i stedet for ${privateInsurer.name}.`);
  }
  applyScreening(change);
  return change;
}

/** Applies new screening answers to a case still in screening. */
export function updateScreening(change: CaseChange, update: ScreeningUpdate): void {
  const s = change.state;
  if (s.status !== 'screening') {
    throw new DomainRejection(422, 'phase', `screening is over: the case is ${s.status}`, { caseStatus: s.status });
  }
  if (update.recognised !== undefined) s.injury.recognised = update.recognised;
  if (update.permanentConsequences !== undefined) s.injury.permanentConsequences = update.permanentConsequences;
  if (update.canReturnToFormerWork !== undefined) s.injury.canReturnToFormerWork = update.canReturnToFormerWork;
  if (update.riskScore !== undefined) s.riskScore = update.riskScore;
  change.record('screening-updated', 'legal', 'Visitationsoplysninger er opdateret.');
  applyScreening(change);
}

/** Who owns the centre's own tasks: the consultant, or the caseworker until a consultant is assigned. */
export function centreOwner(s: CaseState): TaskOwner {
  return s.consultant ? { role: 'consultant', ...s.consultant } : { role: 'caseworker', ...s.caseworker };
}

/** Screens the case's current answers and moves it to active, rejected or (still) screening. */
function applyScreening(change: CaseChange): void {
  const s = change.state;
  const result = screen(s.injury);
  s.screening = { reasons: result.reasons, missing: result.missing };
  const screeningTask = s.tasks.find((t) => t.kind === 'complete-screening' && t.status === 'open');
  if (result.status === 'screening') {
    if (!screeningTask) {
      createTask(change, {
        kind: 'complete-screening',
        title: 'Færdiggør visitationen (manglende oplysninger om kriterierne)',
        owner: centreOwner(s),
        dueOn: addBusinessDays(change.today, change.ctx.policy.screening.completionTaskBusinessDays, change.ctx.policy),
        track: 'legal',
      });
    }
    return;
  }
  if (screeningTask) closeTask(change, screeningTask, 'done', 'Visitationen er afsluttet.');
  s.status = result.status;
  if (result.status === 'rejected') {
    change.record('case-rejected', 'legal', `Sagen opfylder ikke kriterierne: ${result.reasons.join(' ')}`);
    return;
  }
  change.record('case-accepted', 'case', 'Fastholdelsescentret har taget sagen.');
  // DOMAIN.md: insurers complained that they were not told when the centre took a case.
  change.email({
    key: `case-accepted:${s.caseId}`,
    template: 'case-accepted-insurer',
    to: { name: s.insurer.name, email: s.insurer.email },
    params: { caseId: s.caseId, injuryCaseRef: s.injuryCaseRef, municipalityCode: s.municipalityCode, ...(s.privateInsurer ? { payerName: s.insurer.name } : {}) },
  });
}
