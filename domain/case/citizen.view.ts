// The citizen's own view of their case, in plain Danish: status, plan, next steps, every promise with
// owner and due date, meetings, decisions with the appeal deadline, subsidies; nothing about other people
// (no contact details of others, no participants, no internal notes, no audit, no bounced emails).
import type { CaseState, CaseStatus } from './caseState.schema';
import type { LocalDate } from '../calendar/localDate';
import type { Policy } from '../kernel/policy';
import { computeSickPayClock } from '../sick-pay/sickPay';
import { appealDeadline, DECISION_KIND_DA } from '../legal/decisionNotices';

const STATUS_DA: Record<CaseStatus, string> = {
  screening: 'Fastholdelsescentret undersøger, om din sag kan tages ind i et fastholdelsesforløb.',
  rejected: 'Din sag opfylder ikke betingelserne for et fastholdelsesforløb.',
  active: 'Du er i et fastholdelsesforløb. Planen og de næste skridt står nedenfor.',
  aftercare: 'Du er vendt tilbage til arbejde. Vi følger op på, hvordan det går (efterværn).',
  closed: 'Din sag er afsluttet.',
};

const SUBSIDY_KIND_DA: Record<string, string> = {
  aids: 'hjælpemidler',
  transport: 'transport',
  treatment: 'behandling',
  retraining: 'omskoling',
  'workplace-adaptation': 'tilpasning af arbejdspladsen',
  other: 'andet',
};

const SUBSIDY_STATUS_DA: Record<string, string> = {
  requested: 'Forsikringsselskabet er spurgt og har ikke svaret endnu.',
  'info-requested': 'Forsikringsselskabet har bedt om flere oplysninger.',
  approved: 'Godkendt. Vi følger op, til det er betalt eller leveret.',
  rejected: 'Afvist af forsikringsselskabet.',
  paid: 'Betalt eller leveret.',
  withdrawn: 'Trukket tilbage.',
};

const OWNER_DA: Record<string, string> = {
  consultant: 'Fastholdelsescentret',
  caseworker: 'kommunen',
  supervisor: 'Fastholdelsescentret',
  insurer: 'forsikringsselskabet',
  employer: 'arbejdsgiveren',
  union: 'fagforeningen',
  citizen: 'dig',
};

const TASK_STATUS_DA = { open: 'Ikke gjort endnu', done: 'Gjort', cancelled: 'Aflyst' } as const;


/** Renders the case for its citizen. */
export function renderCitizenView(s: CaseState, today: LocalDate, policy: Policy) {
  // Tasks about the case's own machinery are no promise to the citizen: the screening, and fixing another
  // person's bounced email address (its title names that person).
  const bounced = new Set((s.undeliverableEmails ?? []).map((u) => u.key));
  const promises = s.tasks
    .filter((t) => t.kind !== 'complete-screening' && !(t.ref !== null && bounced.has(t.ref)))
    .map((t) => ({
      title: t.title,
      // The owner by role, with the name of the person responsible in the centre or the municipality only.
      owner: ['consultant', 'caseworker', 'supervisor'].includes(t.owner.role) ? `${t.owner.name} (${OWNER_DA[t.owner.role]})` : (OWNER_DA[t.owner.role] ?? t.owner.role),
      dueOn: t.dueOn,
      status: TASK_STATUS_DA[t.status],
      overdue: t.status === 'open' && t.dueOn < today,
    }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const plan = s.roundtables
    .filter((r) => r.status === 'held')
    .flatMap((r) => (r.outcome?.actions ?? []).map((a) => ({ agreedAt: r.scheduledAt.slice(0, 10), what: a.title, dueOn: a.dueOn })));
  const clock = computeSickPayClock(s.sickLeave, today, policy);
  const ext = s.sickLeave.extension;
  return {
    caseId: s.caseId,
    injuryCaseRef: s.injuryCaseRef,
    name: s.citizen.name,
    status: s.status,
    statusText: STATUS_DA[s.status],
    yourContacts: [
      ...(s.consultant ? [{ role: 'Din konsulent i Fastholdelsescentret', name: s.consultant.name, email: s.consultant.email }] : []),
      { role: 'Din sagsbehandler i kommunen', name: s.caseworker.name, email: s.caseworker.email },
    ],
    plan,
    nextSteps: promises.filter((p) => p.status === TASK_STATUS_DA.open),
    promises,
    meetings: s.roundtables.map((r) => ({
      when: r.scheduledAt,
      where: r.location,
      purpose: r.purpose,
      agenda: r.agenda,
      status: r.status === 'scheduled' ? 'Planlagt' : r.status === 'held' ? 'Afholdt' : 'Aflyst',
      minutesSent: r.minutesSentAt !== null,
    })),
    decisions: s.decisions.map((d) => {
      const appealBy = appealDeadline(d.decidedOn, policy.decisions.appealDeadlineWeeks);
      return {
        decisionId: d.decisionId,
        kind: DECISION_KIND_DA[d.kind],
        decidedOn: d.decidedOn,
        earningCapacityLossPct: d.earningCapacityLossPct,
        permanentInjuryPct: d.permanentInjuryPct,
        justification: d.justification,
        appealBy,
        appealText: appealBy >= today ? `Du kan klage over afgørelsen senest ${appealBy}.` : `Klagefristen udløb ${appealBy}.`,
      };
    }),
    subsidies: s.subsidies.map((x) => ({
      what: SUBSIDY_KIND_DA[x.kind] ?? x.kind,
      requestedOn: x.requestedOn,
      status: SUBSIDY_STATUS_DA[x.status] ?? x.status,
      paidOn: x.paidOn,
    })),
    sickPay: {
      limitDate: clock.limitDate,
      text: ext.active
        ? `Dine sygedagpenge er forlænget, mens arbejdsskadesagen behandles (fra ${ext.since}).`
        : ext.endedOn
          ? `Dine sygedagpenge kan ikke længere forlænges på grund af arbejdsskadesagen (fra ${ext.endedOn}). Tal med din sagsbehandler om, hvad du skal leve af.`
          : `Dine sygedagpenge kan som udgangspunkt udbetales til og med ${clock.limitDate}. Kommunen vurderer, om de kan forlænges.`,
    },
  };
}
