// The access policy (DOMAIN.md "The actors"): who may know a case, which parts they may read,
// and which actions they may take. Pure, used by every route, so one rule means one place.
import type { Actor } from '../kernel/actor.schema';

/** The facts of a case access depends on (the read model keeps them as columns). */
export interface CaseAccessFacts {
  caseId: string;
  municipalityCode: string;
  consentToShareWithMunicipality: boolean;
  /** null for a job centre retention case, which has no insurer. */
  insurerId: string | null;
  employerCvr: string | null;
  /** The citizen's consent to the employer's involvement (domain/case/consent.ts). */
  employerConsent: boolean;
  unionId: string | null;
  unionPowerOfAttorney: 'none' | 'partial' | 'full';
  /** The case's kind; absent: a work-injury case. */
  kind?: 'work-injury' | 'retention';
}

/** Actions on a case that not every reader may take. */
export type CaseAction =
  | 'screen'
  | 'record-sick-leave'
  | 'record-medical-status'
  | 'decide'
  | 'appeal'
  | 'plan-roundtable'
  | 'request-subsidy'
  | 'answer-subsidy'
  | 'answer-consultation'
  | 'confirm-payment'
  | 'manage-tasks'
  | 'close'
  | 'read-audit'
  | 'record-consent'
  | 'invite-citizen'
  | 'fast-track';

/** What an actor may do with one case; `visible: false` means the case answers 404. */
export interface CaseAccess {
  visible: boolean;
  legalTrack: boolean;
  /** The citizen's own token: sees only the plain-Danish citizen view of this one case (domain/case/citizen.view.ts). */
  citizen?: boolean;
  can(action: CaseAction): boolean;
}

const NONE: CaseAccess = { visible: false, legalTrack: false, can: () => false };

const ACTIONS_BY_ROLE: Record<Actor['role'], CaseAction[]> = {
  consultant: [
    'screen',
    'record-sick-leave',
    'record-medical-status',
    'decide',
    'appeal',
    'plan-roundtable',
    'request-subsidy',
    'confirm-payment',
    'manage-tasks',
    'close',
    'record-consent',
    'invite-citizen',
    'fast-track',
  ],
  caseworker: ['screen', 'record-sick-leave', 'record-medical-status', 'plan-roundtable', 'confirm-payment', 'manage-tasks', 'fast-track'],
  supervisor: ['manage-tasks', 'read-audit'],
  insurer: ['appeal', 'answer-consultation', 'answer-subsidy'],
  union: ['appeal'],
  employer: [],
  citizen: [],
};

/** Decides an actor's access to a case. */
export function caseAccess(actor: Actor, c: CaseAccessFacts): CaseAccess {
  const allowed = (actions: CaseAction[], legalTrack: boolean): CaseAccess => ({
    visible: true,
    legalTrack,
    can: (a) => actions.includes(a),
  });
  switch (actor.role) {
    case 'consultant':
    case 'supervisor':
      return allowed(ACTIONS_BY_ROLE[actor.role], true);
    case 'caseworker':
      // The municipality is never a party: it sees the case only with the citizen's consent. Without it,
      // it may still record sick leave, which is its own sick-pay case (it learns nothing back).
      if (actor.organisation !== c.municipalityCode) return NONE;
      // The job centre's own retention case is the municipality's to run: its caseworkers also close it and record consent.
      if (c.kind === 'retention') return allowed([...ACTIONS_BY_ROLE.caseworker, 'close', 'record-consent', 'invite-citizen'], true);
      return c.consentToShareWithMunicipality
        ? allowed(ACTIONS_BY_ROLE.caseworker, true)
        : { visible: false, legalTrack: false, can: (a) => a === 'record-sick-leave' };
    case 'insurer':
      return actor.organisation === c.insurerId ? allowed(ACTIONS_BY_ROLE.insurer, true) : NONE;
    case 'union':
      if (actor.organisation !== c.unionId || c.unionPowerOfAttorney === 'none') return NONE;
      return allowed(c.unionPowerOfAttorney === 'full' ? ACTIONS_BY_ROLE.union : [], true);
    case 'employer':
      // Only while the citizen consents to the employer's involvement (DOMAIN.md "Who is told what").
      return actor.organisation === c.employerCvr && c.employerConsent ? allowed([], false) : NONE;
    case 'citizen':
      // A citizen token is bound to one case (its organisation is the case id).
      return actor.organisation === c.caseId ? { visible: true, legalTrack: false, citizen: true, can: () => false } : NONE;
  }
}

/**
 * The SQL condition (with parameters from `$start`) that selects exactly the cases `caseAccess`
 * makes visible, so lists never show a case its detail page would hide. Columns of `cases`.
 */
export function visibleCasesSql(actor: Actor, start: number): { sql: string; params: unknown[] } {
  const p = `$${start}`;
  switch (actor.role) {
    case 'consultant':
    case 'supervisor':
      return { sql: 'TRUE', params: [] };
    case 'caseworker':
      return { sql: `(municipality_code = ${p} AND consent)`, params: [actor.organisation] };
    case 'insurer':
      return { sql: `insurer_id = ${p}`, params: [actor.organisation] };
    case 'union':
      return { sql: `(union_id = ${p} AND union_poa <> 'none')`, params: [actor.organisation] };
    case 'employer':
      return { sql: `(employer_cvr = ${p} AND employer_consent)`, params: [actor.organisation] };
    case 'citizen':
      return { sql: `case_id = ${p}`, params: [actor.organisation] };
  }
}
