// The case as an actor may see it (API.md `GET /api/cases/{id}`): computed from the snapshot and
// today's date, with the legal track left out entirely for those who may not see it.
import type { CaseAccess } from './access';
import type { CaseState } from './caseState.schema';
import type { LocalDate } from '../calendar/localDate';
import type { Policy } from '../kernel/policy';
import { sickPayView } from '../sick-pay/sickPay.view';
import { taskView } from '../tasks/tasks.view';
import { isLegalTrackTask } from '../tasks/tasks';
import { employerConsent } from './consent';
import { caseKindOf, isRetentionCase } from './caseKind';

/** Renders the case for one actor; keys of the legal track are absent (not null) when hidden. */
export function renderCaseView(s: CaseState, access: CaseAccess, today: LocalDate, policy: Policy) {
  const kind = caseKindOf(s);
  const retention = {
    caseId: s.caseId,
    kind,
    // A retention case has no injury case and no insurer: the keys are absent, not null.
    ...(kind === 'work-injury' ? { injuryCaseRef: s.injuryCaseRef } : {}),
    status: s.status,
    municipalityCode: s.municipalityCode,
    referral: { source: s.referral.source },
    citizen: s.citizen,
    employer: s.employer,
    ...(kind === 'work-injury' ? { insurer: s.insurer } : {}),
    // Union membership is special-category data: only for readers of the legal track (never the employer).
    // A retention case has no union party (no injury case to act in).
    ...(access.legalTrack && kind === 'work-injury' ? { union: s.union } : {}),
    caseworker: s.caseworker,
    consultant: s.consultant,
    // An employer sees only the meetings the citizen let it take part in.
    // Of the minutes' recipients it sees no union (special-category data).
    roundtables: access.legalTrack
      ? s.roundtables
      : s.roundtables
          .filter((r) => r.participants.some((p) => p.role === 'employer'))
          .map((r) => (r.minutesRecipients ? { ...r, minutesRecipients: r.minutesRecipients.filter((m) => m.role !== 'union') } : r)),
    tasks: s.tasks.filter((t) => access.legalTrack || !isLegalTrackTask(t)).map((t) => taskView(t, today)),
    outcome: s.outcome,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
  if (!access.legalTrack) return retention;
  if (isRetentionCase(s)) {
    // The job centre's own case: what its caseworkers work with, and no key of a legal track it does not have.
    return {
      ...retention,
      referral: s.referral,
      citizenRef: s.citizenRef ?? null,
      employerConsent: s.employer ? employerConsent(s) : null,
      consentLog: s.consentLog ?? [],
      riskScore: s.riskScore,
      fastTrack: s.fastTrack ?? null,
      retentionPlan: s.retentionPlan ?? null,
      sickPay: sickPayView(s, today, policy),
      undeliverableEmails: s.undeliverableEmails ?? [],
    };
  }
  return {
    ...retention,
    referral: s.referral,
    consentToShareWithMunicipality: s.consentToShareWithMunicipality,
    employerConsent: s.employer ? employerConsent(s) : null,
    privateInsurer: s.privateInsurer ?? null,
    consentLog: s.consentLog ?? [],
    injury: s.injury,
    riskScore: s.riskScore,
    screening: s.screening,
    sickPay: sickPayView(s, today, policy),
    medical: s.medical,
    // Subsidies are negotiated between the centre and the insurer and may name treatments: parties only.
    subsidies: s.subsidies,
    decisions: s.decisions,
    appeals: s.appeals,
    insurerConsultations: s.insurerConsultations,
    // The retention plan: with its GP statements, for those who see the case in full (not the employer).
    retentionPlan: s.retentionPlan ?? null,
    // Emails the relay refused (with its answer), each with a task to fix the address: parties only, like that task.
    undeliverableEmails: s.undeliverableEmails ?? [],
  };
}
