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
import type { ResolvedRetentionIntake, RetentionReferralSource } from './caseIntake.schema';
import { injuryOf, isRetentionCase } from './caseKind';
import { startFastTrack, type FastTrackRules } from '../retention/fastTrack';
import { applyRiskScore } from '../retention/riskScore';

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

/** What every new case starts with, of whatever kind: its clock from the first sick day and no history yet. */
function nothingYet(firstSickDay: CaseState['sickLeave']['firstSickDay'], at: string) {
  return {
    sickLeave: {
      firstSickDay,
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
  } satisfies Partial<CaseState>;
}

/** Builds a new case from a validated intake and screens it at once. */
export function openCase(caseId: string, intake: ResolvedIntake, ctx: ChangeContext): CaseChange {
  const at = formatInstant(ctx.now);
  const { payer, privateInsurer } = payerOf(intake);
  const state: CaseState = {
    caseId,
    // Only intakes of this code carry `kind`; histories recorded before it replay the same state.
    ...(intake.kind ? { kind: intake.kind } : {}),
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
    ...nothingYet(intake.sickLeave.firstSickDay, at),
  };
  const change = new CaseChange(state, ctx);
  change.record('case-opened', 'case', `Sagen er oprettet efter ${REFERRAL_TEXT[intake.referral.source]}.`);
  if (privateInsurer) {
    change.record('payer-named', 'legal', `Erhvervssygdom: erstatningen betales af ${payer.name}, som er part i sagen i stedet for ${privateInsurer.name}.`);
  }
  applyScreening(change);
  return change;
}

/** How the timeline names what opened a job centre retention case. */
const RETENTION_REFERRAL_TEXT: Record<RetentionReferralSource, string> = {
  'fast-track-employer': 'arbejdsgiverens anmodning om fast track',
  'fast-track-employee': 'medarbejderens anmodning om fast track',
  'information-form': 'oplysningsskemaet',
  'jobcentre-initiative': 'jobcentrets eget initiativ',
  'employer-contact': 'kontakt fra arbejdsgiveren',
};

/**
 * Opens a job centre retention case: no injury case, no insurer, no legal track, so no criteria to screen and
 * no insurer to tell; it is active at once, with its fast track and the risk score's schedule.
 */
export function openRetentionCase(caseId: string, intake: ResolvedRetentionIntake, ctx: ChangeContext, rules: FastTrackRules = {}): CaseChange {
  const at = formatInstant(ctx.now);
  const state: CaseState = {
    caseId,
    kind: 'retention',
    injuryCaseRef: null,
    citizenRef: intake.citizenRef,
    municipalityCode: intake.municipalityCode,
    status: 'active',
    referral: intake.referral,
    citizen: intake.citizen,
    // The municipality's own case: its caseworkers see it without a consent to share from another authority.
    consentToShareWithMunicipality: true,
    employerConsent: intake.consentToEmployerInvolvement ?? false,
    caseworker: intake.caseworker,
    consultant: null,
    employer: intake.employer ?? null,
    insurer: null,
    privateInsurer: null,
    union: null,
    injury: null,
    riskScore: intake.riskScore ?? null,
    fastTrack: null,
    screening: { reasons: [], missing: [] },
    ...nothingYet(intake.sickLeave.firstSickDay, at),
  };
  const change = new CaseChange(state, ctx);
  change.record('case-opened', 'case', `Jobcentret har oprettet en fastholdelsessag efter ${RETENTION_REFERRAL_TEXT[intake.referral.source]}.`);
  if (intake.fastTrack) {
    startFastTrack(change, intake.referral.source === 'fast-track-employer' ? 'employer' : 'employee', intake.fastTrack, rules);
  }
  applyRiskScore(change);
  return change;
}

/** Applies new screening answers to a case still in screening; on a retention case, only a new risk score. */
export function updateScreening(change: CaseChange, update: ScreeningUpdate): void {
  const s = change.state;
  if (isRetentionCase(s)) {
    if (update.recognised !== undefined || update.permanentConsequences !== undefined || update.canReturnToFormerWork !== undefined) {
      throw new DomainRejection(422, 'case-kind', 'A job centre retention case has no injury criteria to screen: only riskScore may be given.', { caseKind: 'retention' });
    }
    if (s.status !== 'active' || update.riskScore === undefined) {
      throw new DomainRejection(422, 'phase', `The risk score is updated only while the case is active: the case is ${s.status}.`, { caseStatus: s.status });
    }
    s.riskScore = update.riskScore;
    // Health data (the employer never sees `riskScore`): on the track the employer does not read.
    change.record('screening-updated', 'legal', `Risikoscoren er opdateret til ${update.riskScore}.`);
    applyRiskScore(change);
    return;
  }
  if (s.status !== 'screening') {
    throw new DomainRejection(422, 'phase', `screening is over: the case is ${s.status}`, { caseStatus: s.status });
  }
  const injury = injuryOf(s);
  if (update.recognised !== undefined) injury.recognised = update.recognised;
  if (update.permanentConsequences !== undefined) injury.permanentConsequences = update.permanentConsequences;
  if (update.canReturnToFormerWork !== undefined) injury.canReturnToFormerWork = update.canReturnToFormerWork;
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
  const result = screen(injuryOf(s));
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
  const insurer = s.insurer!; // a work-injury case (screened above) always names its insurer
  // DOMAIN.md: insurers complained that they were not told when the centre took a case.
  change.email({
    key: `case-accepted:${s.caseId}`,
    template: 'case-accepted-insurer',
    to: { name: insurer.name, email: insurer.email },
    params: { caseId: s.caseId, injuryCaseRef: s.injuryCaseRef, municipalityCode: s.municipalityCode, ...(s.privateInsurer ? { payerName: insurer.name } : {}) },
  });
}
