// The living demo: a dozen realistic cases in different phases, created through the public HTTP API
// only (so every step is what a program or the workbench could do). Used by `npm run demo` and the
// screenshot script. Safe to run again: each case has a fixed reference, and a 409 skips it.
import { randomUUID } from 'node:crypto';
import { addDays } from '../../domain/calendar/localDate';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import type { CaseIntakeInput } from '../../domain/case/caseIntake.schema';

/** One HTTP call: JSON in, status and JSON out. */
export type Call = (method: string, path: string, opts: { token: string; body?: unknown; headers?: Record<string, string> }) => Promise<{ status: number; body: any }>;

/** Tokens (and who they are) for the roles the demo acts as. */
export interface DemoActors {
  consultant: string;
  insurer: string;
  insurerId: string;
  caseworker: { name: string; email: string };
}

/** A `Call` over fetch against a running API. */
export function fetchCall(baseUrl: string): Call {
  return async (method, path, opts) => {
    const headers: Record<string, string> = { authorization: `Bearer ${opts.token}`, ...opts.headers };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

const today = () => localDateInCopenhagen(Date.now());
/** Limit = first sick day + 21 days + 52 weeks (policy): the first sick day that puts the limit `days` ahead. */
const firstSickDayForLimitIn = (days: number) => addDays(today(), days - 21 - 364);

const CITIZENS = [
  'Jens Jensen', 'Mette Madsen', 'Ali Hassan', 'Birthe Nielsen', 'Lars Sørensen', 'Fatima Ahmed',
  'Per Kristensen', 'Hanne Larsen', 'Ole Rasmussen', 'Susanne Poulsen', 'Kim Andersen', 'Nadia Petersen',
];

function intake(n: number, actors: DemoActors, over: Partial<CaseIntakeInput> & { firstSickDay?: string } = {}): CaseIntakeInput {
  const { firstSickDay = addDays(today(), -42), ...rest } = over;
  const name = CITIZENS[n - 1];
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '.');
  return {
    injuryCaseRef: `DEMO-2026-${String(n).padStart(3, '0')}`,
    municipalityCode: '751',
    referral: { source: n % 3 === 0 ? 'insurer' : 'municipality' },
    citizen: { name, email: `${slug}@borger.local` },
    consentToShareWithMunicipality: true,
    caseworker: actors.caseworker,
    employer: { name: n % 2 ? 'Byg & Co ApS' : 'Aarhus Rengøring A/S', cvr: '12345678', email: 'hr@bygco.local', stillEmployed: true },
    insurer: { id: actors.insurerId, name: 'Forsikring A', email: 'skade@forsikring-a.local' },
    union: null,
    injury: {
      kind: n % 4 === 0 ? 'occupational-disease' : 'accident',
      date: addDays(firstSickDay, -2),
      recognised: true,
      permanentConsequences: true,
      canReturnToFormerWork: false,
      description: 'Skade på hånd og underarm',
    },
    sickLeave: { firstSickDay },
    riskScore: 40 + n * 4,
    ...rest,
  };
}

/** Creates the demo cases; returns what it made (ref → caseId) and logs one line per case. */
export async function seedDemo(call: Call, actors: DemoActors, log: (line: string) => void = console.log): Promise<Record<string, string>> {
  const made: Record<string, string> = {};
  const c = actors.consultant;
  const key = () => ({ 'idempotency-key': randomUUID() });
  const must = async (what: string, p: Promise<{ status: number; body: any }>) => {
    const r = await p;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const open = async (n: number, over: Parameters<typeof intake>[2], what: string): Promise<string | null> => {
    const body = intake(n, actors, over);
    const r = await call('POST', '/api/cases', { token: c, body });
    if (r.status === 409) {
      log(`  = ${body.injuryCaseRef} findes allerede (${what})`);
      return null;
    }
    if (r.status !== 201) throw new Error(`intake ${body.injuryCaseRef}: ${r.status} ${JSON.stringify(r.body)}`);
    made[body.injuryCaseRef] = r.body.caseId;
    log(`  + ${body.injuryCaseRef} ${what}`);
    return r.body.caseId as string;
  };
  const participants = (n: number) => [
    { role: 'citizen', name: CITIZENS[n - 1], email: `${CITIZENS[n - 1].toLowerCase().replace(/[^a-z]+/g, '.')}@borger.local` },
    { role: 'caseworker', ...actors.caseworker },
    { role: 'employer', name: 'Byg & Co ApS', email: 'hr@bygco.local' },
  ];
  const schedule = (id: string, n: number, inDays: number) =>
    must('roundtable', call('POST', `/api/cases/${id}/roundtables`, {
      token: c,
      headers: key(),
      body: {
        scheduledAt: `${addDays(today(), inDays)}T10:00:00+01:00`,
        location: 'Jobcenter Aarhus, Værkmestergade 15',
        purpose: 'Plan for tilbagevenden til arbejdet',
        agenda: ['Helbred og skånehensyn', 'Muligheder hos arbejdsgiveren', 'Aftaler og ansvar'],
        participants: participants(n),
        citizenConsentsToEmployer: true,
      },
    }));

  // 1. Back-dated: the limit is 20 days away and nothing is planned (the supervisor sees it as stuck).
  await open(1, { firstSickDay: firstSickDayForLimitIn(20) }, 'tæt på varighedsbegrænsningen, ingen plan');

  // 2. Roundtable held, waiting for minutes.
  const rt = await open(2, {}, 'rundbordssamtale afholdt, referat mangler');
  if (rt) {
    const { roundtableId } = await schedule(rt, 2, 3);
    await must('outcome', call('POST', `/api/cases/${rt}/roundtables/${roundtableId}/outcome`, {
      token: c,
      headers: key(),
      body: {
        heldOn: today(),
        summary: 'Gradvis tilbagevenden over 8 uger aftalt; arbejdsgiveren undersøger lettere opgaver.',
        actions: [{ title: 'Beskriv lettere opgaver på lageret', owner: { role: 'employer', name: 'Byg & Co ApS', email: 'hr@bygco.local' }, dueOn: addDays(today(), 10) }],
      },
    }));
  }

  // 3. Subsidy waiting for the insurer.
  const sub = await open(3, {}, 'tilskud venter på forsikringsselskabet');
  if (sub) {
    await must('subsidy', call('POST', `/api/cases/${sub}/subsidies`, {
      token: c,
      headers: key(),
      body: { kind: 'aids', description: 'Hæve-sænkebord og ergonomisk stol', amountDkk: 8500, justification: 'Gør det muligt at arbejde skiftevis stående og siddende og vende tilbage på 20 timer om ugen.', expectedEffect: 'Tilbage på nedsat tid inden for 4 uger' },
    }));
  }

  // 4. Interim decision under revision.
  const dec = await open(4, {}, 'midlertidig afgørelse under revision');
  if (dec) {
    await must('decision', call('POST', `/api/cases/${dec}/decisions`, {
      token: c,
      headers: key(),
      body: { kind: 'interim', earningCapacityLossPct: 25, permanentInjuryPct: null, justification: 'Tabet af erhvervsevne vurderes foreløbigt til 25 % ud fra speciallægeerklæringen.', acknowledgeRuleCollision: true, nextIncomeBasis: 'Løn fra arbejdsgiveren på nedsat tid' },
    }));
  }

  // 5. Closed into aftercare (back at the same employer part-time).
  const after = await open(5, {}, 'i efterværn');
  if (after) await must('close', call('POST', `/api/cases/${after}/close`, { token: c, headers: key(), body: { outcome: 'same-employer-part-time', note: 'Tilbage på 25 timer om ugen' } }));

  // 6. Stuck on a promise: an agreed action already past its due date.
  const stuck = await open(6, {}, 'aftalt handling over fristen');
  if (stuck) {
    const { roundtableId } = await schedule(stuck, 6, 2);
    await must('outcome', call('POST', `/api/cases/${stuck}/roundtables/${roundtableId}/outcome`, {
      token: c,
      headers: key(),
      body: { heldOn: today(), summary: 'Arbejdsgiveren skulle vende tilbage om deltid.', actions: [{ title: 'Svar om deltid', owner: { role: 'employer', name: 'Byg & Co ApS', email: 'hr@bygco.local' }, dueOn: addDays(today(), -5) }] },
    }));
  }

  // 7. Screening not finished: one criterion unknown.
  await open(7, { injury: { ...intake(7, actors).injury, permanentConsequences: 'unknown' } }, 'visitation afventer svar');

  // 8. Roundtable planned next week.
  const planned = await open(8, {}, 'rundbordssamtale planlagt');
  if (planned) await schedule(planned, 8, 7);

  // 9. Insurer consultation waiting for an answer.
  const cons = await open(9, {}, 'høring af forsikringsselskabet');
  if (cons) {
    await must('consultation', call('POST', `/api/cases/${cons}/insurer-consultations`, {
      token: c,
      headers: key(),
      body: { question: 'Har I bemærkninger til en midlertidig afgørelse om 20 % tab af erhvervsevne?' },
    }));
  }

  // 10. The insurer asked for more information about a subsidy.
  const info = await open(10, {}, 'forsikringsselskabet beder om oplysninger');
  if (info) {
    const s = await must('subsidy', call('POST', `/api/cases/${info}/subsidies`, {
      token: c,
      headers: key(),
      body: { kind: 'transport', description: 'Taxa til og fra arbejde i 8 uger', amountDkk: 12000, justification: 'Borgeren kan ikke cykle eller tage bus de første uger efter operationen.', expectedEffect: null },
    }));
    await must('info-requested', call('POST', `/api/subsidies/${s.subsidyId}/decision`, {
      token: actors.insurer,
      headers: key(),
      body: { decision: 'info-requested', note: 'Send lægens vurdering af, hvor længe transporten er nødvendig.' },
    }));
  }

  // 11. Back at work for now: the clock is paused.
  const paused = await open(11, { firstSickDay: addDays(today(), -90) }, 'raskmeldt, uret står stille');
  if (paused) await must('period', call('POST', `/api/cases/${paused}/sick-leave/periods`, { token: c, headers: key(), body: { kind: 'return-to-work', date: addDays(today(), -7) } }));

  // 12. Rejected at screening: the injury is not recognised.
  await open(12, { injury: { ...intake(12, actors).injury, recognised: false } }, 'afvist ved visitationen');

  return made;
}
