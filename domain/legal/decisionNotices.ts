// Who is told about a legal decision (DOMAIN.md "Who is told what"): the caseworker, who must act on
// its sick-pay consequence, and the parties who may appeal (citizen, payer, a union with power of attorney).
import type { CaseChange } from '../case/caseChange';
import type { Decision, DecisionKind } from './legal.schema';
import { addWeeks, type LocalDate } from '../calendar/localDate';
import { EXTENSION_RULE } from '../sick-pay/sickPay.alarms';
import { insurerOf } from '../case/caseKind';

/** Danish names of the decision kinds, as the notices and the timeline say them. */
export const DECISION_KIND_DA: Record<DecisionKind, string> = {
  interim: 'Midlertidig afgørelse',
  final: 'Endelig afgørelse',
  revision: 'Revisionsafgørelse',
  'safe-minimum': 'Afgørelse om sikkert mén',
  treatment: 'Afgørelse om behandlingsudgifter',
};

/** What the decision did to the sick-pay extension, as `decide` found it. */
export interface ExtensionEffect {
  endsExtension: boolean;
  extensionWasActive: boolean;
  limitDate: LocalDate;
}

/** The last day a party may appeal the decision (policy `decisions.appealDeadlineWeeks`). */
export function appealDeadline(decidedOn: LocalDate, appealWeeks: number): LocalDate {
  return addWeeks(decidedOn, appealWeeks);
}

/**
 * Emails the decision notices and records on the timeline who was told. Emails carry the kind, the
 * date, the appeal deadline and the sick-pay consequence, never percentages or the justification.
 */
export function notifyDecision(change: CaseChange, d: Decision, effect: ExtensionEffect): void {
  const s = change.state;
  const weeks = change.ctx.policy.decisions.appealDeadlineWeeks;
  const appealBy = appealDeadline(d.decidedOn, weeks);
  const kindDa = DECISION_KIND_DA[d.kind];
  const base = { caseId: s.caseId, injuryCaseRef: s.injuryCaseRef, decisionId: d.decisionId, decidedOn: d.decidedOn };
  const told: string[] = [];

  // The municipality is never a party; without consent it learns only the sick-pay consequence it must act on.
  const consent = s.consentToShareWithMunicipality;
  if (consent || effect.endsExtension) {
    change.email({
      key: `decision:${s.caseId}:${d.decisionId}:caseworker`,
      template: 'decision-caseworker',
      to: { name: s.caseworker.name, email: s.caseworker.email },
      params: {
        ...base,
        name: s.caseworker.name,
        kindDa: consent ? kindDa : null,
        showLink: consent,
        endsExtension: effect.endsExtension,
        extensionWasActive: effect.extensionWasActive,
        limitDate: effect.limitDate,
        rule: EXTENSION_RULE,
        nextIncomeBasis: d.nextIncomeBasis,
      },
    });
    told.push(`sagsbehandler ${s.caseworker.name}${effect.endsExtension ? ' (sygedagpenge og næste forsørgelsesgrundlag)' : ''}`);
  }

  const party = (who: 'citizen' | 'insurer' | 'union', name: string, email: string, label: string) => {
    change.email({
      key: `decision:${s.caseId}:${d.decisionId}:${who}`,
      template: 'decision-party',
      to: { name, email },
      params: { ...base, name, kindDa, appealBy, appealWeeks: weeks, path: who === 'citizen' ? '/citizen.html' : `/#/cases/${s.caseId}` },
    });
    told.push(label);
  };
  party('citizen', s.citizen.name, s.citizen.email, `skadelidte ${s.citizen.name}`);
  const insurer = insurerOf(s);
  party('insurer', insurer.name, insurer.email, `${insurer.name}`);
  if (s.union && s.union.powerOfAttorney !== 'none') {
    party('union', s.union.name, s.union.email, `${s.union.name} (fuldmagt)`);
  }
  change.record('decision-notified', 'legal', `${kindDa} ${d.decisionId} meddelt ${told.join(', ')}; klagefrist ${appealBy}.`);
}
