// The consultant's and caseworker's pages: the intake form and the case page by track (overview, the
// sick-pay clock, legal track, roundtables, tasks, subsidies, closing, timeline). Only public API calls.
import { h, api, show, say, flash, form, dialog, table, badge, caseLink, dateText, kr, when, today, STATUS, TASK_KIND, ApiError, nextStep, toggleFields } from './lib.js';

const TRI = [['true', 'Ja'], ['false', 'Nej'], ['unknown', 'Ved ikke endnu']];
const tri = (v) => (v === 'unknown' ? 'unknown' : v === 'true');
const num = (v) => (v === '' ? undefined : Number(v.replace(',', '.')));
const opt = (v) => (v === '' ? undefined : v);
const DECISION_KIND = { interim: 'Midlertidig afgørelse', final: 'Endelig afgørelse', revision: 'Revisionsafgørelse', 'safe-minimum': 'Sikkert mén', treatment: 'Behandlingsudgifter' };
const SUBSIDY_KIND = { aids: 'Hjælpemidler', transport: 'Transport', treatment: 'Behandling', retraining: 'Omskoling', 'workplace-adaptation': 'Indretning af arbejdsplads', other: 'Andet' };
const SUBSIDY_STATUS = { requested: 'Afventer forsikring', 'info-requested': 'Forsikring beder om oplysninger', approved: 'Bevilget', rejected: 'Afslået', paid: 'Udbetalt', withdrawn: 'Trukket tilbage' };
const OUTCOME = {
  'same-employer': 'Samme arbejdsgiver',
  'same-employer-part-time': 'Samme arbejdsgiver, nedsat tid',
  'new-employer': 'Ny arbejdsgiver',
  flexjob: 'Fleksjob',
  education: 'Uddannelse',
  'other-benefit': 'Anden ydelse',
  'no-result': 'Intet resultat',
};
const PARTICIPANT_ROLE = { citizen: 'Borger', caseworker: 'Sagsbehandler', consultant: 'Konsulent', employer: 'Arbejdsgiver', union: 'Fagforening', doctor: 'Læge', insurer: 'Forsikring', other: 'Anden' };
const RT_STATUS = { scheduled: 'Planlagt', held: 'Afholdt', cancelled: 'Aflyst' };
const TASK_STATUS = { open: 'Åben', done: 'Udført', cancelled: 'Annulleret' };
const POA = { none: 'Ingen fuldmagt', partial: 'Delvis fuldmagt', full: 'Fuld fuldmagt' };
const CONSENT_KIND = { municipality: 'Samtykke til kommunen', employer: 'Samtykke til arbejdsgiverens inddragelse', 'union-power-of-attorney': 'Fagforeningens fuldmagt' };
const CONSENT_VALUE = { given: 'Givet', withdrawn: 'Trukket tilbage', ...POA };

/** "2026-12-03T10:00" read as Copenhagen wall-clock time → ISO instant with its offset. */
export function copenhagenInstant(local) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return local;
  const asUtc = new Date(`${local}:00Z`);
  const shown = new Date(asUtc.toLocaleString('sv-SE', { timeZone: 'Europe/Copenhagen' }).replace(' ', 'T') + 'Z');
  const offsetMin = Math.round((shown - asUtc) / 60000);
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${local}:00${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

// ---- intake ------------------------------------------------------------------------------------

const MILESTONE_KIND = {
  'partial-return': 'Delvis tilbagevenden (timer pr. uge)',
  'work-trial': 'Arbejdsprøvning',
  relocation: 'Omplacering',
  coaching: 'Samtale med fastholdelseskoordinator',
  aids: 'Hjælpemidler',
  'gp-statement-requested': 'Mulighedserklæring bestilt hos lægen',
  'gp-statement-received': 'Mulighedserklæring modtaget',
};
const MILESTONE_STATUS = { open: 'Åben', kept: 'Nået', cancelled: 'Annulleret' };
const OWNER_ROLE = { caseworker: 'Sagsbehandler', employer: 'Arbejdsgiver', citizen: 'Borger', consultant: 'Konsulent', doctor: 'Læge', other: 'Anden' };
const CASE_KIND = { 'work-injury': 'Arbejdsskadesag (Fastholdelsescentret)', retention: 'Fastholdelsessag i jobcentret' };
const RETENTION_REFERRAL = {
  'fast-track-employer': 'Fasttrack – arbejdsgiverens anmodning',
  'fast-track-employee': 'Fasttrack – medarbejderens anmodning',
  'information-form': 'Oplysningsskema fra borgeren',
  'jobcentre-initiative': 'Jobcentrets eget initiativ',
  'employer-contact': 'Henvendelse fra arbejdsgiveren',
};
const CONSENT_ANSWER = [['', 'Ikke spurgt endnu'], ['true', 'Siger ja til tidlig opfølgning'], ['false', 'Siger nej (første samtale senest i uge 8)']];
const FAST_TRACK_FIELDS = ['fastTrack.requestedOn', 'fastTrack.answers.affectedFunctions', 'fastTrack.answers.affectedSince', 'fastTrack.answers.jobAdapted', 'fastTrack.employeeConsent'];
/** The three answers of a fast-track request from a form's values; absent when none is given (the caseworker gets the task to get them). */
function fastTrackAnswers(v, prefix) {
  const fn = v[`${prefix}affectedFunctions`];
  const since = v[`${prefix}affectedSince`];
  const adapted = v[`${prefix}jobAdapted`];
  if (!fn && !since && !adapted) return undefined;
  return { affectedFunctions: fn, affectedSince: since, jobAdapted: adapted === '' ? undefined : adapted === 'true' };
}
const answerFields = (prefix) => [
  { name: `${prefix}affectedFunctions`, label: 'Hvilke arbejdsfunktioner påvirker sygdommen?', type: 'textarea', rows: 2, paths: [prefix.replace(/\.$/, '')] },
  { name: `${prefix}affectedSince`, label: 'Hvor længe har sygdommen påvirket arbejdet?' },
  { name: `${prefix}jobAdapted`, label: 'Er arbejdet blevet tilpasset?', type: 'select', options: [['', 'Ikke besvaret'], ['true', 'Ja'], ['false', 'Nej']] },
];

/** The intake page; a caseworker chooses the kind of case first (the job centre's own retention case or a work-injury case). */
export function intakePage(me, kind = 'work-injury') {
  const caseworkerCaller = me.role === 'caseworker';
  const chooser = caseworkerCaller
    ? h(
        'div',
        { className: 'form-group' },
        h('label', { className: 'form-label', for: 'case-kind' }, 'Sagstype'),
        h('span', { className: 'form-hint', id: 'case-kind-hint' }, 'En fastholdelsessag i jobcentret har ingen arbejdsskadesag og intet forsikringsselskab'),
        h(
          'select',
          {
            className: 'form-select',
            id: 'case-kind',
            'aria-describedby': 'case-kind-hint',
            onchange: (e) => {
              intakePage(me, e.target.value);
              document.getElementById('case-kind')?.focus();
            },
          },
          Object.entries(CASE_KIND).map(([v, l]) => h('option', { value: v, selected: v === kind }, l)),
        ),
      )
    : null;
  if (caseworkerCaller && kind === 'retention') {
    show('Opret sag', h('p', {}, 'Felter uden "(valgfri)" skal udfyldes. Sagen er aktiv med det samme; der er ingen visitation, intet forsikringsselskab og ingen afgørelser.'), chooser, retentionIntakeForm(me).el);
    return;
  }
  const f = form({
    submit: 'Opret sag',
    fields: [
      { section: 'Sagen' },
      { name: 'injuryCaseRef', label: 'Arbejdsskadesagsnummer', hint: 'Fx AS-2026-000123', required: true },
      { name: 'municipalityCode', label: 'Kommunekode', hint: 'Tre cifre, fx 751 (Aarhus)', inputmode: 'numeric', required: true, value: caseworkerCaller ? me.organisation : '' },
      { name: 'referral.source', label: 'Henvist af', type: 'select', options: [['municipality', 'Kommunen'], ['insurer', 'Forsikringsselskabet'], ['union', 'Fagforeningen'], ['employer', 'Arbejdsgiveren'], ['internal', 'Internt'], ['fast-track', 'Hurtigt spor']] },
      { section: 'Borgeren' },
      { name: 'citizen.name', label: 'Borgerens navn', required: true, autocomplete: 'off' },
      { name: 'citizen.email', label: 'Borgerens e-mail', type: 'email', required: true },
      { name: 'citizen.phone', label: 'Borgerens telefon', type: 'tel' },
      { name: 'consentToShareWithMunicipality', label: 'Borgeren giver samtykke til deling med kommunen', type: 'checkbox', value: true },
      { section: 'Kommunens sagsbehandler' },
      { name: 'caseworker.name', label: 'Sagsbehandlerens navn', required: !caseworkerCaller, hint: caseworkerCaller ? 'Tom: dig selv' : undefined },
      { name: 'caseworker.email', label: 'Sagsbehandlerens e-mail', type: 'email', required: !caseworkerCaller },
      { section: 'Arbejdsgiver (tom: ingen)' },
      { name: 'employer.name', label: 'Arbejdsgiverens navn', paths: ['employer'] },
      { name: 'employer.cvr', label: 'CVR-nummer', inputmode: 'numeric' },
      { name: 'employer.email', label: 'Arbejdsgiverens e-mail', type: 'email' },
      { name: 'employer.stillEmployed', label: 'Borgeren er stadig ansat', type: 'checkbox', value: true },
      { name: 'consentToEmployerInvolvement', label: 'Borgeren giver samtykke til, at arbejdsgiveren inddrages', type: 'checkbox', value: false, hint: 'Uden samtykke kan arbejdsgiveren ikke se sagen' },
      { section: 'Forsikringsselskab' },
      { name: 'insurer.id', label: 'Forsikringsselskabets id', hint: 'Fx insurer-a', required: true, paths: ['insurer'] },
      { name: 'insurer.name', label: 'Forsikringsselskabets navn', required: true },
      { name: 'insurer.email', label: 'Forsikringsselskabets e-mail', type: 'email', required: true },
      { section: 'Skaden og visitationen' },
      { name: 'injury.kind', label: 'Skadetype', type: 'select', options: [['accident', 'Ulykke'], ['occupational-disease', 'Erhvervssygdom']], paths: ['injury'] },
      { name: 'injury.date', label: 'Skadedato', type: 'date', required: true },
      { name: 'injury.recognised', label: 'Er skaden anerkendt?', type: 'select', options: TRI, value: 'true' },
      { name: 'injury.permanentConsequences', label: 'Varige følger?', type: 'select', options: TRI, value: 'true' },
      { name: 'injury.canReturnToFormerWork', label: 'Kan vende tilbage til tidligere arbejde?', type: 'select', options: TRI, value: 'false' },
      { name: 'injury.description', label: 'Beskrivelse af skaden', type: 'textarea', rows: 2 },
      { name: 'sickLeave.firstSickDay', label: 'Første sygedag', type: 'date', required: true, paths: ['sickLeave'] },
      { name: 'riskScore', label: 'Risikoscore (0–100)', type: 'number', inputmode: 'numeric' },
      { section: 'Fagforening (tom: ingen)' },
      { name: 'union.name', label: 'Fagforeningens navn', paths: ['union'] },
      { name: 'union.id', label: 'Fagforeningens id', hint: 'Fx 3f-aarhus' },
      { name: 'union.email', label: 'Fagforeningens e-mail', type: 'email' },
      { name: 'union.powerOfAttorney', label: 'Fuldmagt til fagforeningen', type: 'select', options: Object.entries(POA) },
    ],
    body: (v) => ({
      injuryCaseRef: v.injuryCaseRef,
      municipalityCode: v.municipalityCode,
      referral: { source: v['referral.source'] },
      citizen: { name: v['citizen.name'], email: v['citizen.email'], phone: opt(v['citizen.phone']) },
      consentToShareWithMunicipality: v.consentToShareWithMunicipality,
      consentToEmployerInvolvement: Boolean(v['employer.name'] || v['employer.cvr'] || v['employer.email']) && v.consentToEmployerInvolvement,
      caseworker: caseworkerCaller && !v['caseworker.name'] && !v['caseworker.email'] ? undefined : { name: v['caseworker.name'], email: v['caseworker.email'] },
      employer: v['employer.name'] || v['employer.cvr'] || v['employer.email'] ? { name: v['employer.name'], cvr: v['employer.cvr'], email: v['employer.email'], stillEmployed: v['employer.stillEmployed'] } : null,
      insurer: { id: v['insurer.id'], name: v['insurer.name'], email: v['insurer.email'] },
      union: v['union.name'] || v['union.id'] || v['union.email'] ? { id: v['union.id'], name: v['union.name'], email: v['union.email'], powerOfAttorney: v['union.powerOfAttorney'] } : null,
      injury: {
        kind: v['injury.kind'],
        date: v['injury.date'],
        recognised: tri(v['injury.recognised']),
        permanentConsequences: tri(v['injury.permanentConsequences']),
        canReturnToFormerWork: tri(v['injury.canReturnToFormerWork']),
        description: opt(v['injury.description']),
      },
      sickLeave: { firstSickDay: v['sickLeave.firstSickDay'] },
      riskScore: num(v.riskScore),
    }),
    // Intake is idempotent by its reference (a repeat answers 409 with the existing case), so no key.
    send: (body) => api('POST', '/api/cases', body),
    done: (r) => {
      const text = { active: 'Sagen er oprettet og aktiv.', screening: 'Sagen er oprettet; visitationen mangler svar.', rejected: 'Sagen er oprettet, men afvist ved visitationen.' };
      flash(text[r.status] ?? 'Sagen er oprettet.');
      location.hash = `#/cases/${encodeURIComponent(r.caseId)}`;
    },
    conflict: (err, fh) => {
      if (!(err.problem.type ?? '').endsWith('duplicate') && !err.problem.caseId && err.status !== 409) return false;
      if (err.status !== 409) return false;
      fh.showMessage(
        'Der findes allerede en sag med dette arbejdsskadesagsnummer.',
        err.problem.caseId ? h('p', {}, 'Gå til ', caseLink(err.problem.caseId, 'den eksisterende sag'), ' i stedet for at oprette en ny.') : h('p', {}, 'Kontakt Fastholdelsescentret, hvis du skal have adgang til den.'),
      );
      return true;
    },
  });
  show('Opret sag', h('p', {}, 'Felter uden "(valgfri)" skal udfyldes. Visitationen afgøres med det samme, når de tre kriterier er kendt.'), chooser, f.el);
}

/** The job centre's own retention case: referral, citizen, employer, first sick day, risk score and the fast-track request. */
function retentionIntakeForm(me) {
  const f = form({
    submit: 'Opret sag',
    fields: [
      { section: 'Sagen' },
      { name: 'municipalityCode', label: 'Kommunekode', hint: 'Tre cifre, fx 751 (Aarhus)', inputmode: 'numeric', required: true, value: me.organisation },
      { name: 'citizenRef', label: 'Jobcentrets reference for borgeren', hint: 'Fx SDP-2026-0042; 3–40 tegn, aldrig et CPR-nummer', required: true },
      { name: 'referral.source', label: 'Henvisning', type: 'select', options: Object.entries(RETENTION_REFERRAL), paths: ['referral'] },
      { name: 'referral.note', label: 'Note om henvisningen', type: 'textarea', rows: 2 },
      { section: 'Borgeren' },
      { name: 'citizen.name', label: 'Borgerens navn', required: true },
      { name: 'citizen.email', label: 'Borgerens e-mail', type: 'email', required: true },
      { name: 'citizen.phone', label: 'Borgerens telefon', type: 'tel' },
      { name: 'sickLeave.firstSickDay', label: 'Første fraværsdag', type: 'date', required: true, paths: ['sickLeave'] },
      { name: 'riskScore', label: 'Risikoscore fra screeningen (0–100)', type: 'number', inputmode: 'numeric', hint: 'Høj risiko giver en tidlig rundbordssamtale og ugentlig opfølgning' },
      { section: 'Kommunens sagsbehandler' },
      { name: 'caseworker.name', label: 'Sagsbehandlerens navn', hint: 'Tom: dig selv' },
      { name: 'caseworker.email', label: 'Sagsbehandlerens e-mail', type: 'email' },
      { section: 'Arbejdsgiver (skal udfyldes ved arbejdsgiverens anmodning om fasttrack)' },
      { name: 'employer.name', label: 'Arbejdsgiverens navn', paths: ['employer'] },
      { name: 'employer.cvr', label: 'CVR-nummer', inputmode: 'numeric' },
      { name: 'employer.email', label: 'Arbejdsgiverens e-mail', type: 'email' },
      { name: 'employer.stillEmployed', label: 'Borgeren er stadig ansat', type: 'checkbox', value: true },
      { name: 'consentToEmployerInvolvement', label: 'Borgeren giver samtykke til, at arbejdsgiveren inddrages', type: 'checkbox', value: false, hint: 'Uden samtykke kan arbejdsgiveren ikke se sagen' },
      { section: 'Anmodning om fasttrack', id: 'ft-section' },
      { name: 'fastTrack.requestedOn', label: 'Anmodningen er modtaget den', type: 'date', required: true, value: today(), paths: ['fastTrack'], hint: 'Arbejdsgiveren kan anmode inden for de første 5 ugers fravær' },
      ...answerFields('fastTrack.answers.'),
      { name: 'fastTrack.employeeConsent', label: 'Medarbejderens svar', type: 'select', options: CONSENT_ANSWER },
    ],
    body: (v) => {
      const employer = v['employer.name'] || v['employer.cvr'] || v['employer.email'];
      const fast = v['referral.source'].startsWith('fast-track');
      return {
        kind: 'retention',
        municipalityCode: v.municipalityCode,
        citizenRef: v.citizenRef,
        referral: { source: v['referral.source'], note: opt(v['referral.note']) },
        citizen: { name: v['citizen.name'], email: v['citizen.email'], phone: opt(v['citizen.phone']) },
        consentToEmployerInvolvement: Boolean(employer) && v.consentToEmployerInvolvement,
        caseworker: !v['caseworker.name'] && !v['caseworker.email'] ? undefined : { name: v['caseworker.name'], email: v['caseworker.email'] },
        employer: employer ? { name: v['employer.name'], cvr: v['employer.cvr'], email: v['employer.email'], stillEmployed: v['employer.stillEmployed'] } : null,
        sickLeave: { firstSickDay: v['sickLeave.firstSickDay'] },
        riskScore: num(v.riskScore),
        fastTrack: fast
          ? {
              requestedOn: v['fastTrack.requestedOn'],
              answers: fastTrackAnswers(v, 'fastTrack.answers.'),
              employeeConsent: v['fastTrack.employeeConsent'] === '' ? undefined : v['fastTrack.employeeConsent'] === 'true',
            }
          : undefined,
      };
    },
    // The case's id is keyed on municipality, citizen reference and first sick day: a repeat answers 409 with that case.
    send: (body) => api('POST', '/api/cases', body),
    done: (r) => {
      flash(r.status === 'active' ? 'Fastholdelsessagen er oprettet og aktiv.' : 'Sagen er oprettet.');
      location.hash = `#/cases/${encodeURIComponent(r.caseId)}`;
    },
    conflict: (err, fh) => {
      const t = err.problem.type ?? '';
      if (t.endsWith('fast-track-too-late')) {
        const latest = err.problem.latestRequestOn;
        fh.showErrors(
          [{ path: 'fastTrack.requestedOn', message: `arbejdsgiveren kan kun anmode om fasttrack inden for de første 5 ugers fravær${latest ? ` (senest ${latest})` : ''}. Vælg "Fasttrack – medarbejderens anmodning", hvis medarbejderen selv anmoder, eller en anden henvisning, fx "Henvendelse fra arbejdsgiveren".` }],
          'Anmodningen om fasttrack er for sen',
        );
        return true;
      }
      if (t.endsWith('fast-track-date')) {
        fh.showErrors([{ path: 'fastTrack.requestedOn', message: 'anmodningen kan ikke være modtaget før første fraværsdag' }]);
        return true;
      }
      if (err.status !== 409 || !err.problem.caseId) return false;
      fh.showMessage('Der findes allerede en sag for denne borger og første fraværsdag.', h('p', {}, 'Gå til ', caseLink(err.problem.caseId, 'den eksisterende sag'), ' i stedet for at oprette en ny. Et tilbagefald i efterværnet registreres på den gamle sag.'));
      return true;
    },
  });
  const source = f.controls.get('referral.source');
  const sync = () => toggleFields(f, FAST_TRACK_FIELDS, ['ft-section'], source.value.startsWith('fast-track'));
  source.addEventListener('change', sync);
  sync();
  return f;
}

// ---- the case page -----------------------------------------------------------------------------

const TABS = [
  ['oversigt', 'Overblik'],
  ['sygedagpenge', 'Sygedagpenge'],
  ['jura', 'Afgørelser'],
  ['fasttrack', 'Fasttrack'],
  ['plan', 'Fastholdelsesplan'],
  ['rundbord', 'Rundbordssamtaler'],
  ['opgaver', 'Opgaver'],
  ['tilskud', 'Tilskud'],
  ['afslutning', 'Afslutning'],
  ['samtykke', 'Samtykke og adgang'],
  ['tidslinje', 'Tidslinje'],
];

export async function casePage(me, caseId, tab = 'oversigt') {
  const enc = encodeURIComponent(caseId);
  const [c, { events }] = await Promise.all([api('GET', `/api/cases/${enc}`), api('GET', `/api/cases/${enc}/timeline`)]);
  const staff = ['consultant', 'caseworker'].includes(me.role);
  const consultant = me.role === 'consultant';
  const legal = 'decisions' in c;
  // A retention case has no legal track (no `decisions` key) but its caseworkers work with the sick-pay clock.
  const retention = c.kind === 'retention';
  const tabs = TABS.filter(([id]) => (legal || !['jura'].includes(id)) && (legal || (retention && 'sickPay' in c) || id !== 'sygedagpenge') && ('fastTrack' in c || id !== 'fasttrack') && ('retentionPlan' in c || id !== 'plan') && ('subsidies' in c || id !== 'tilskud') && (staff || me.role === 'supervisor' || !['afslutning'].includes(id)) && ('consentLog' in c || id !== 'samtykke'));
  const current = tabs.some(([id]) => id === tab) ? tab : 'oversigt';
  const reload = async (message) => {
    await casePage(me, caseId, current);
    if (message) say(message);
  };
  const ctx = { me, c, caseId, enc, staff, consultant, reload, events };
  const nav = h(
    'nav',
    { className: 'tab-container', 'aria-label': 'Sagens sider' },
    h('ul', { className: 'tab-list' }, tabs.map(([id, label]) => h('li', {}, h('a', { className: 'tab-button', href: `#/cases/${enc}/${id}`, 'aria-current': id === current ? 'page' : undefined }, label)))),
  );
  const section = SECTIONS[current](ctx);
  show(
    `Sag ${c.injuryCaseRef ?? c.citizenRef ?? caseId}`,
    h('p', { className: 'case-status' }, 'Status: ', h('strong', {}, STATUS[c.status] ?? c.status), c.sickPay ? ` · Varighedsbegrænsning ${c.sickPay.limitDate}` : ''),
    nav,
    h('section', { className: 'tab-panel-static', 'aria-labelledby': `h-${current}` }, section),
  );
}

const facts = (pairs) => h('dl', { className: 'facts' }, pairs.filter(([, v]) => v).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
const person = (p) => (p ? `${p.name}${p.email ? ` (${p.email})` : ''}` : null);
const heading = (id, text) => h('h2', { id: `h-${id}` }, text);

function openTasks(c) {
  return (c.tasks ?? []).filter((t) => t.status === 'open').sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

const SECTIONS = {
  oversigt({ c, staff, reload, enc }) {
    const deadlines = [
      c.sickPay ? { on: c.sickPay.limitDate, what: 'Varighedsbegrænsning for sygedagpenge' } : null,
      c.fastTrack && !c.fastTrack.firstConversationOn ? { on: c.fastTrack.firstConversationDueOn, what: 'Første opfølgningssamtale (fasttrack)' } : null,
      c.sickPay?.nextReminderOn ? { on: c.sickPay.nextReminderOn, what: 'Næste påmindelse til sagsbehandleren' } : null,
      ...(c.decisions ?? []).filter((d) => d.revisionDueOn && !d.supersededBy).map((d) => ({ on: d.revisionDueOn, what: `Revision af ${DECISION_KIND[d.kind] ?? d.kind}` })),
      ...(c.roundtables ?? []).filter((r) => r.status === 'scheduled').map((r) => ({ on: when(r.scheduledAt), what: `Rundbordssamtale, ${r.location}` })),
    ].filter(Boolean);
    const promises = openTasks(c).map((t) =>
      h('tr', {}, h('td', {}, t.title), h('td', {}, t.owner?.name ?? ''), h('td', {}, t.dueOn, t.overdue ? [' ', badge('Over fristen', 'error')] : '')),
    );
    const screeningForm =
      c.status === 'screening' && staff
        ? form({
            submit: 'Gem visitation',
            fields: [
              { name: 'recognised', label: 'Er skaden anerkendt?', type: 'select', options: TRI, value: String(c.injury?.recognised ?? 'unknown') },
              { name: 'permanentConsequences', label: 'Varige følger?', type: 'select', options: TRI, value: String(c.injury?.permanentConsequences ?? 'unknown') },
              { name: 'canReturnToFormerWork', label: 'Kan vende tilbage til tidligere arbejde?', type: 'select', options: TRI, value: String(c.injury?.canReturnToFormerWork ?? 'unknown') },
            ],
            body: (v) => ({ recognised: tri(v.recognised), permanentConsequences: tri(v.permanentConsequences), canReturnToFormerWork: tri(v.canReturnToFormerWork) }),
            send: (b, key) => api('POST', `/api/cases/${enc}/screening`, b, key),
            done: (r) => reload(`Visitationen er gemt: ${STATUS[r.status] ?? r.status}.`),
          }).el
        : null;
    return [
      heading('oversigt', 'Overblik'),
      facts([
        ['Status', STATUS[c.status] ?? c.status],
        ['Sagstype', c.kind === 'retention' ? CASE_KIND.retention : null],
        ['Arbejdsskadesag', c.injuryCaseRef],
        ['Jobcentrets reference', c.citizenRef],
        ['Henvisning', c.kind === 'retention' && c.referral ? RETENTION_REFERRAL[c.referral.source] ?? c.referral.source : null],
        ['Risikoscore', c.kind === 'retention' && c.riskScore != null ? String(c.riskScore) : null],
        ['Kommune', c.municipalityCode],
        ['Borger', person(c.citizen)],
        ['Arbejdsgiver', c.employer ? `${c.employer.name} (CVR ${c.employer.cvr})` : 'Ingen'],
        ['Forsikringsselskab', person(c.insurer)],
        ['Fagforening', c.union ? person(c.union) : null],
        ['Sagsbehandler', person(c.caseworker)],
        ['Konsulent', person(c.consultant)],
        ['Udfald', c.outcome ? OUTCOME[c.outcome] ?? c.outcome : null],
      ]),
      c.screening?.reasons?.length ? h('div', { className: 'alert alert-info' }, h('div', { className: 'alert-body' }, h('p', { className: 'alert-heading' }, 'Visitation'), h('ul', {}, c.screening.reasons.map((r) => h('li', {}, r))))) : null,
      screeningForm ? [h('h3', {}, 'Visitation'), screeningForm] : null,
      h('h3', {}, 'Næste frister'),
      deadlines.length ? h('ul', {}, deadlines.map((d) => h('li', {}, h('strong', {}, d.on), ` – ${d.what}`))) : h('p', {}, 'Ingen frister.'),
      h('h3', {}, 'Åbne løfter'),
      table('Åbne opgaver på sagen med ansvarlig og frist', ['Løfte', 'Ansvarlig', 'Frist'], promises, 'Ingen åbne løfter.'),
    ];
  },

  sygedagpenge({ c, staff, enc, reload }) {
    const sp = c.sickPay;
    const periodForm = staff
      ? form({
          submit: 'Registrér',
          fields: [
            { name: 'kind', label: 'Hændelse', type: 'select', options: [['return-to-work', 'Raskmeldt (tilbage i arbejde)'], ['resumed', 'Sygemeldt igen']], value: sp.paused ? 'resumed' : 'return-to-work' },
            { name: 'date', label: 'Dato', type: 'date', required: true, value: today() },
          ],
          body: (v) => ({ kind: v.kind, date: v.date }),
          send: (b, key) => api('POST', `/api/cases/${enc}/sick-leave/periods`, b, key),
          done: (r) => reload(`Perioden er registreret. Varighedsbegrænsningen er nu ${r.limitDate}.`),
        }).el
      : null;
    const correctForm = staff
      ? form({
          submit: 'Ret første sygedag',
          fields: [
            { name: 'firstSickDay', label: 'Korrekt første sygedag', type: 'date', required: true, value: sp.firstSickDay },
            { name: 'reason', label: 'Begrundelse', type: 'textarea', rows: 2, required: true },
          ],
          body: (v) => ({ firstSickDay: v.firstSickDay, reason: v.reason }),
          send: (b, key) => api('POST', `/api/cases/${enc}/sick-leave/first-sick-day`, b, key),
          done: (r) => reload(`Første sygedag er rettet. Varighedsbegrænsningen er nu ${r.limitDate}.`),
        }).el
      : null;
    const periods = (sp.periods ?? []).map((p) => h('tr', {}, h('td', {}, p.kind === 'return-to-work' ? 'Raskmeldt' : 'Sygemeldt igen'), h('td', {}, p.date)));
    const partials = (sp.explanation.partialPeriods ?? []).map((p) =>
      h('tr', {}, h('td', {}, p.from), h('td', {}, p.to ?? 'Løbende'), h('td', { className: 'num' }, `${p.workingHoursPerWeek.toLocaleString('da-DK')} af ${p.normalHoursPerWeek.toLocaleString('da-DK')} timer`), h('td', { className: 'num' }, `${p.sickPct} %`)),
    );
    const partialForm = staff
      ? form({
          submit: 'Gem delvis sygemelding',
          fields: [
            { name: 'from', label: 'Delvis sygemeldt fra', type: 'date', required: true, value: today(), hint: 'Stiger timerne, er det en ny periode fra den dag' },
            { name: 'to', label: 'Delvis sygemeldt til og med', type: 'date' },
            { name: 'workingHoursPerWeek', label: 'Arbejdstimer pr. uge', inputmode: 'decimal', required: true, hint: 'Fx 15' },
            { name: 'normalHoursPerWeek', label: 'Normal arbejdstid pr. uge (timer)', inputmode: 'decimal', required: true, value: '37' },
          ],
          body: (v) => ({ from: v.from, to: opt(v.to), workingHoursPerWeek: num(v.workingHoursPerWeek), normalHoursPerWeek: num(v.normalHoursPerWeek) }),
          send: (b, key) => api('POST', `/api/cases/${enc}/sick-leave/partial`, b, key),
          done: (r) => {
            const last = r.explanation.partialPeriods.at(-1);
            return reload(`Den delvise sygemelding er registreret${last ? ` (sygemeldt ${last.sickPct} %)` : ''}. Den tæller som hele sygedage; varighedsbegrænsningen er ${r.limitDate}.`);
          },
          conflict: (err, fh) => {
            const t = err.problem.type ?? '';
            if (t.endsWith('future-date')) return fh.showErrors([{ path: 'from', message: 'datoen må ikke ligge i fremtiden' }]), true;
            if (t.endsWith('invalid-period') && !err.problem.errors?.length) return fh.showErrors([{ path: 'workingHoursPerWeek', message: `${err.message} – arbejdstimerne skal være færre end den normale arbejdstid, og perioden må ikke begynde, mens borgeren er raskmeldt.` }]), true;
            return false;
          },
        }).el
      : null;
    return [
      heading('sygedagpenge', 'Sygedagpengeuret'),
      h('div', { className: 'clock-layout' }, clockSvg(sp), h('div', { className: 'clock-explanation' }, h('h3', {}, 'Sådan er grænsen regnet ud'), h('ul', { id: 'clock-lines' }, sp.explanation.lines.map((l) => h('li', {}, l))))),
      facts([
        ['Første sygedag', sp.firstSickDay],
        ['Varighedsbegrænsning', sp.limitDate],
        ['Uger betalt', String(sp.weeksPaid)],
        ['Refusion', `${sp.refundRatePct} %`],
        ['Raskmeldt nu', sp.paused ? 'Ja' : 'Nej'],
        ['Forlængelse (§ 27)', sp.extension.active ? `Aktiv siden ${sp.extension.since}` : sp.extension.endedOn ? `Bortfaldt ${sp.extension.endedOn}` : 'Ikke aktiv'],
        ['Næste påmindelse', sp.nextReminderOn],
      ]),
      h('h3', {}, 'Sygeperioder'),
      table('Raskmeldinger og nye sygemeldinger', ['Hændelse', 'Dato'], periods, 'Ingen raskmeldinger registreret.'),
      periodForm ? [h('h3', {}, 'Registrér raskmelding eller ny sygemelding'), periodForm] : null,
      h('h3', {}, 'Delvis sygemelding'),
      h('p', {}, 'Borgeren arbejder nogle timer og får sygedagpenge for resten. Perioderne tæller som hele sygedage mod varighedsbegrænsningen.'),
      table('Perioder med delvis sygemelding', ['Fra', 'Til', { label: 'Arbejder', num: true }, { label: 'Sygemeldt', num: true }], partials, 'Ingen delvise sygemeldinger.'),
      partialForm ? [h('h4', {}, 'Ny periode med delvis sygemelding'), partialForm] : null,
      correctForm ? [h('h3', {}, 'Ret første sygedag'), correctForm] : null,
    ];
  },

  jura({ c, me, consultant, staff, enc, reload, events }) {
    const decisions = (c.decisions ?? []).map((d) => {
      const told = decisionNotice(events, d.decisionId);
      return h(
        'tr',
        { id: `decision-${d.decisionId}` },
        h('td', {}, d.decidedOn),
        h('td', {}, DECISION_KIND[d.kind] ?? d.kind),
        h('td', {}, d.earningCapacityLossPct == null ? '–' : `${d.earningCapacityLossPct} %${d.earningCapacityCompensation ? ' (erstatning)' : ''}`),
        h('td', {}, d.permanentInjuryPct == null ? '–' : `${d.permanentInjuryPct} %${d.permanentInjuryCompensation ? ' (godtgørelse)' : ''}`),
        h('td', {}, dateText(d.revisionDueOn)),
        h('td', {}, d.justification, d.ruleCollision ? h('p', { className: 'muted' }, `Regelkollision kvitteret; næste indkomstgrundlag: ${d.nextIncomeBasis}`) : ''),
        h('td', {}, told ? told.appealBy : '–'),
        h('td', {}, told ? told.to : 'Ingen besked registreret'),
      );
    });
    const out = [heading('jura', 'Afgørelser og lægelige oplysninger')];
    out.push(h('h3', {}, 'Lægelig status'), facts([['Stationær', c.medical?.stationary ? 'Ja' : 'Nej'], ['Vurderet', c.medical?.assessedOn]]));
    if (staff) {
      out.push(
        form({
          submit: 'Gem lægelig status',
          fields: [
            { name: 'stationary', label: 'Er skaden stationær?', type: 'select', options: [['true', 'Ja'], ['false', 'Nej']], value: String(c.medical?.stationary ?? false) },
            { name: 'assessedOn', label: 'Vurderet den', type: 'date', required: true, value: today() },
            { name: 'source', label: 'Kilde', hint: 'Fx speciallægeerklæring' },
          ],
          body: (v) => ({ stationary: v.stationary === 'true', assessedOn: v.assessedOn, source: opt(v.source) }),
          send: (b, key) => api('POST', `/api/cases/${enc}/medical-status`, b, key),
          done: () => reload('Den lægelige status er gemt.'),
        }).el,
      );
    }
    out.push(
      h('h3', {}, 'Afgørelser'),
      h('p', { className: 'muted' }, 'Erstatning for tab af erhvervsevne gives ved et tab på mindst 15 %; godtgørelse for varigt mén ved mindst 5 %. Midlertidige afgørelser og sikkert mén får en revisionsfrist. Borgeren, forsikringsselskabet, sagsbehandleren og en fagforening med fuldmagt får besked om hver afgørelse; parterne kan klage inden klagefristen.'),
      table('Sagens afgørelser', ['Dato', 'Type', 'Erhvervsevnetab', 'Varigt mén', 'Revision', 'Begrundelse', 'Klagefrist', 'Hvem har fået besked'], decisions, 'Ingen afgørelser endnu.'),
    );
    if (consultant) out.push(h('h3', {}, 'Træf afgørelse'), decisionForm(c, enc, reload).el);
    // Appeals
    const appeals = (c.appeals ?? []).map((a) => h('tr', {}, h('td', {}, a.filedOn), h('td', {}, a.decisionId), h('td', {}, { insurer: 'Forsikringsselskabet', citizen: 'Borgeren', union: 'Fagforeningen' }[a.by] ?? a.by), h('td', {}, a.note ?? '')));
    out.push(h('h3', {}, 'Klager'), table('Klager over afgørelser', ['Indgivet', 'Afgørelse', 'Klager', 'Note'], appeals, 'Ingen klager.'));
    if ((consultant || me.role === 'insurer' || me.role === 'union') && (c.decisions ?? []).length) {
      out.push(
        form({
          submit: 'Registrér klage',
          fields: [
            { name: 'decisionId', label: 'Afgørelse', type: 'select', options: c.decisions.map((d) => [d.decisionId, `${d.decidedOn} ${DECISION_KIND[d.kind] ?? d.kind}`]) },
            { name: 'filedOn', label: 'Indgivet den', type: 'date', required: true, value: today() },
            { name: 'by', label: 'Klager', type: 'select', options: [['citizen', 'Borgeren'], ['insurer', 'Forsikringsselskabet'], ['union', 'Fagforeningen']], value: me.role === 'insurer' ? 'insurer' : me.role === 'union' ? 'union' : 'citizen' },
            { name: 'note', label: 'Note', type: 'textarea', rows: 2 },
          ],
          body: (v) => ({ decisionId: v.decisionId, filedOn: v.filedOn, by: v.by, note: opt(v.note) }),
          send: (b, key) => api('POST', `/api/cases/${enc}/appeals`, b, key),
          done: () => reload('Klagen er registreret.'),
        }).el,
      );
    }
    // Insurer consultations
    out.push(h('h3', {}, 'Høring af forsikringsselskabet'));
    const consultations = c.insurerConsultations ?? [];
    out.push(
      consultations.length
        ? h(
            'ul',
            { className: 'nobullet-list' },
            consultations.map((q) =>
              h(
                'li',
                { className: 'card-ish', id: `consultation-${q.consultationId}` },
                h('p', {}, h('strong', {}, `Spurgt ${q.askedOn}: `), q.question),
                q.answer ? h('p', {}, h('strong', {}, `Svar ${q.answeredOn}: `), q.answer) : h('p', {}, badge('Afventer svar', 'warning')),
                !q.answer && me.role === 'insurer'
                  ? form({
                      submit: 'Send svar',
                      fields: [{ name: 'answer', label: 'Svar', type: 'textarea', required: true }],
                      body: (v) => ({ answer: v.answer }),
                      send: (b, key) => api('POST', `/api/cases/${enc}/insurer-consultations/${encodeURIComponent(q.consultationId)}/answer`, b, key),
                      done: () => reload('Svaret er sendt.'),
                    }).el
                  : null,
              ),
            ),
          )
        : h('p', {}, 'Ingen høringer.'),
    );
    if (consultant) {
      out.push(
        form({
          submit: 'Send høring',
          fields: [{ name: 'question', label: 'Spørgsmål til forsikringsselskabet', type: 'textarea', required: true, hint: 'Mindst 10 tegn' }],
          body: (v) => ({ question: v.question }),
          send: (b, key) => api('POST', `/api/cases/${enc}/insurer-consultations`, b, key),
          done: () => reload('Høringen er sendt til forsikringsselskabet.'),
        }).el,
      );
    }
    return out;
  },

  rundbord({ c, staff, enc, reload }) {
    const out = [heading('rundbord', 'Rundbordssamtaler')];
    for (const r of c.roundtables ?? []) {
      const rid = encodeURIComponent(r.roundtableId);
      const base = `/api/cases/${enc}/roundtables/${rid}`;
      const parts = [
        h('h3', {}, `${RT_STATUS[r.status] ?? r.status}: ${when(r.scheduledAt)}, ${r.location}`),
        facts([
          ['Formål', r.purpose],
          ['Dagsorden', r.agenda.join('; ')],
          ['Deltagere', r.participants.map((p) => `${p.name} (${PARTICIPANT_ROLE[p.role] ?? p.role})`).join(', ')],
          ['Samtykke til arbejdsgiver', r.citizenConsentsToEmployer ? 'Ja' : 'Nej'],
          ['Resultat', r.outcome?.summary],
          ['Aftalte handlinger', r.outcome?.actions?.map((a) => `${a.title} (${a.owner.name}, ${a.dueOn})`).join('; ')],
          ['Referat sendt', r.minutesSentAt ? when(r.minutesSentAt) : r.status === 'held' ? 'Nej – mangler' : null],
          ['Aflyst fordi', r.cancelReason],
        ]),
      ];
      if (staff && r.status === 'scheduled') {
        parts.push(
          details(
            'Registrér resultat',
            form({
              submit: 'Gem resultat',
              fields: [
                { name: 'heldOn', label: 'Afholdt den', type: 'date', required: true, value: today() },
                { name: 'summary', label: 'Resultat', type: 'textarea', required: true },
                { section: 'Aftalt handling (valgfri)' },
                { name: 'actions.0.title', label: 'Handling', paths: ['actions'] },
                { name: 'actions.0.owner.name', label: 'Ansvarlig, navn' },
                { name: 'actions.0.owner.email', label: 'Ansvarlig, e-mail', type: 'email' },
                { name: 'actions.0.owner.role', label: 'Ansvarlig, rolle', type: 'select', options: Object.entries(PARTICIPANT_ROLE) },
                { name: 'actions.0.dueOn', label: 'Frist', type: 'date' },
              ],
              body: (v) => ({
                heldOn: v.heldOn,
                summary: v.summary,
                actions: v['actions.0.title'] || v['actions.0.owner.name']
                  ? [{ title: v['actions.0.title'], owner: { role: v['actions.0.owner.role'], name: v['actions.0.owner.name'], email: v['actions.0.owner.email'] }, dueOn: v['actions.0.dueOn'] }]
                  : [],
              }),
              send: (b, key) => api('POST', `${base}/outcome`, b, key),
              done: () => reload('Resultatet er gemt. Husk at sende referatet.'),
            }).el,
          ),
          details(
            'Flyt mødet',
            form({
              submit: 'Flyt mødet',
              fields: [
                { name: 'scheduledAt', label: 'Nyt tidspunkt', type: 'datetime-local', required: true },
                { name: 'location', label: 'Nyt sted', value: r.location },
                { name: 'note', label: 'Besked til deltagerne', type: 'textarea', rows: 2 },
              ],
              body: (v) => ({ scheduledAt: copenhagenInstant(v.scheduledAt), location: opt(v.location), note: opt(v.note) }),
              send: (b, key) => api('POST', `${base}/reschedule`, b, key),
              done: () => reload('Mødet er flyttet, og deltagerne har fået besked.'),
            }).el,
          ),
          details(
            'Aflys mødet',
            form({
              submit: 'Aflys mødet',
              fields: [{ name: 'reason', label: 'Begrundelse', type: 'textarea', rows: 2, required: true }],
              body: (v) => ({ reason: v.reason }),
              send: (b, key) => api('POST', `${base}/cancel`, b, key),
              done: () => reload('Mødet er aflyst, og deltagerne har fået besked.'),
            }).el,
          ),
        );
      }
      if (staff && r.status === 'held' && !r.minutesSentAt) {
        parts.push(
          h('h4', {}, 'Send referat'),
          form({
            submit: 'Send referat',
            fields: [{ name: 'text', label: 'Referat', type: 'textarea', rows: 6, required: true, value: r.outcome?.summary ?? '' }],
            body: (v) => ({ text: v.text }),
            send: (b, key) => api('POST', `${base}/minutes`, b, key),
            done: () => reload('Referatet er sendt til deltagerne.'),
          }).el,
        );
      }
      out.push(h('article', { className: 'card-ish', id: `roundtable-${r.roundtableId}` }, parts));
    }
    if (!(c.roundtables ?? []).length) out.push(h('p', {}, 'Ingen rundbordssamtaler.'));
    if (staff && ['active', 'screening'].includes(c.status)) {
      out.push(h('h3', {}, 'Planlæg rundbordssamtale'), scheduleForm(c, enc, reload).el);
    }
    return out;
  },

  opgaver({ c, me, staff, reload }) {
    const rows = (c.tasks ?? [])
      .slice()
      .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || a.dueOn.localeCompare(b.dueOn))
      .map((t) => {
        const mine = t.owner?.email?.toLowerCase() === me.email?.toLowerCase();
        const canAct = t.status === 'open' && (staff || me.role === 'supervisor' || mine);
        return h(
          'tr',
          { id: `task-${t.taskId}` },
          h('td', {}, t.dueOn, t.overdue && t.status === 'open' ? [' ', badge('Over fristen', 'error')] : '', t.escalated ? [' ', badge('Eskaleret', 'warning')] : ''),
          h('td', {}, t.title),
          h('td', {}, TASK_KIND[t.kind] ?? t.kind),
          h('td', {}, t.owner?.name ?? ''),
          h('td', {}, TASK_STATUS[t.status] ?? t.status),
          h('td', {}, canAct ? taskActions(t, reload) : ''),
        );
      });
    return [heading('opgaver', 'Opgaver'), table('Sagens opgaver, åbne først', ['Frist', 'Opgave', 'Type', 'Ansvarlig', 'Status', 'Handling'], rows, 'Sagen har ingen opgaver.')];
  },

  tilskud(ctx) {
    const { c, consultant, staff, enc, reload } = ctx;
    const out = [heading('tilskud', 'Tilskud fra forsikringsselskabet')];
    const list = h('div', {}, 'Henter tilskud …');
    out.push(list);
    void (async () => {
      const full = await Promise.all((c.subsidies ?? []).map((s) => api('GET', `/api/subsidies/${encodeURIComponent(s.subsidyId)}`).catch(() => ({ ...s, history: [] }))));
      list.replaceChildren(...(full.length ? full.map((s) => subsidyCard(s, { consultant, staff, reload })) : [h('p', {}, 'Ingen tilskud.')]));
    })();
    if (consultant && c.status === 'active') {
      out.push(
        h('h3', {}, 'Anmod om tilskud'),
        form({
          submit: 'Send anmodning',
          fields: [
            { name: 'kind', label: 'Type', type: 'select', options: Object.entries(SUBSIDY_KIND) },
            { name: 'description', label: 'Hvad søges der om?', type: 'textarea', rows: 2, required: true },
            { name: 'amountDkk', label: 'Beløb (kr.)', type: 'number', inputmode: 'numeric', required: true },
            { name: 'justification', label: 'Begrundelse', type: 'textarea', required: true, hint: 'Forsikringsselskabet beslutter ud fra begrundelsen (mindst 20 tegn)' },
            { name: 'expectedEffect', label: 'Forventet effekt', type: 'textarea', rows: 2 },
          ],
          body: (v) => ({ kind: v.kind, description: v.description, amountDkk: num(v.amountDkk), justification: v.justification, expectedEffect: v.expectedEffect || null }),
          send: (b, key) => api('POST', `/api/cases/${enc}/subsidies`, b, key),
          done: () => reload('Anmodningen er sendt til forsikringsselskabet.'),
        }).el,
      );
    }
    return out;
  },

  afslutning({ c, consultant, staff, enc, reload }) {
    const out = [heading('afslutning', 'Afslutning og efterværn')];
    if (c.status === 'aftercare' || c.status === 'closed') {
      const checkIns = (c.tasks ?? []).filter((t) => t.kind === 'aftercare-check-in');
      out.push(
        h('p', {}, c.status === 'aftercare' ? 'Sagen er i efterværn. Opfølgningerne herunder lukker sagen, når den sidste er klaret.' : 'Sagen er lukket.'),
        facts([['Udfald', OUTCOME[c.outcome] ?? c.outcome]]),
        table('Opfølgninger i efterværnet', ['Frist', 'Opgave', 'Status'], checkIns.map((t) => h('tr', {}, h('td', {}, t.dueOn), h('td', {}, caseLink(c.caseId, t.title, 'opgaver')), h('td', {}, TASK_STATUS[t.status]))), 'Ingen opfølgninger.'),
      );
      if (c.status === 'aftercare' && staff) out.push(relapseForm(c, enc, reload));
      return out;
    }
    // The job centre's caseworkers close their own retention cases; the Retention Centre's consultant closes the rest.
    if (!consultant && !(staff && c.kind === 'retention')) return [...out, h('p', {}, 'Konsulenten afslutter sagen.')];
    out.push(
      h('p', {}, 'Sagen kan afsluttes, når alle opgaver er lukket, ingen rundbordssamtale er planlagt, og alle tilskud er afgjort og betalt eller trukket tilbage.'),
      form({
        submit: 'Afslut sagen',
        fields: [
          { name: 'outcome', label: 'Udfald', type: 'select', options: Object.entries(OUTCOME) },
          { name: 'note', label: 'Note', type: 'textarea', rows: 2 },
        ],
        body: (v) => ({ outcome: v.outcome, note: opt(v.note) }),
        send: (b, key) => api('POST', `/api/cases/${enc}/close`, b, key),
        done: (r) => reload(r.status === 'aftercare' ? 'Sagen er afsluttet og overgår til efterværn.' : 'Sagen er lukket.'),
        conflict: (err, fh) => {
          const p = err.problem;
          const blockers = [
            ...(p.openTasks ?? []).map((t) => h('li', {}, caseLink(c.caseId, `Opgave: ${t.title} (${t.owner?.name ?? ''}, frist ${t.dueOn})`, 'opgaver'))),
            ...(p.openRoundtables ?? []).map((r) => h('li', {}, caseLink(c.caseId, `Planlagt rundbordssamtale ${when(r.scheduledAt)}`, 'rundbord'))),
            ...(p.openSubsidies ?? []).map((s) => h('li', {}, caseLink(c.caseId, `Tilskud: ${SUBSIDY_KIND[s.kind] ?? s.kind} (${SUBSIDY_STATUS[s.status] ?? s.status})`, 'tilskud'))),
          ];
          if (!blockers.length) return false;
          fh.showMessage('Sagen kan ikke afsluttes endnu. Luk først disse:', h('ul', { id: 'close-blockers' }, blockers));
          return true;
        },
      }).el,
    );
    return out;
  },

  samtykke(ctx) {
    const { c, consultant, enc, reload } = ctx;
    const municipality = c.consentToShareWithMunicipality;
    const employer = c.employer ? c.employerConsent !== false : null;
    const poa = c.union?.powerOfAttorney ?? null;
    const out = [
      heading('samtykke', 'Samtykke og adgang'),
      h('p', {}, 'Borgeren bestemmer, hvem der må se sagen. Ændringer virker med det samme og står på tidslinjen og i revisionsloggen.'),
      h(
        'ul',
        { className: 'consent-effects', id: 'consent-effects' },
        h('li', {}, h('strong', {}, `Kommunen: ${municipality ? 'samtykke givet' : 'intet samtykke'}. `), consentEffect('municipality', municipality)),
        employer === null ? h('li', {}, h('strong', {}, 'Arbejdsgiver: '), 'Sagen har ingen arbejdsgiver.') : h('li', {}, h('strong', {}, `Arbejdsgiveren: ${employer ? 'samtykke givet' : 'intet samtykke'}. `), consentEffect('employer', employer)),
        poa === null ? h('li', {}, h('strong', {}, 'Fagforening: '), 'Borgeren har ikke oplyst en fagforening.') : h('li', {}, h('strong', {}, `${c.union.name}: ${POA[poa].toLowerCase()}. `), consentEffect('union-power-of-attorney', poa)),
      ),
      h('h3', {}, 'Historik'),
      table(
        'Samtykker og fuldmagter, ældste først',
        ['Gælder fra', 'Hvad', 'Status', 'Kildedokument', 'Registreret af', 'Registreret'],
        (c.consentLog ?? []).map((x) =>
          h('tr', {}, h('td', {}, x.date), h('td', {}, CONSENT_KIND[x.kind] ?? x.kind), h('td', {}, CONSENT_VALUE[x.value] ?? x.value), h('td', {}, x.sourceDocument ?? '–'), h('td', {}, x.recordedBy), h('td', {}, when(x.recordedAt))),
        ),
        'Ingen ændringer siden sagen blev oprettet (samtykket fra oprettelsen gælder).',
      ),
    ];
    if (!consultant || c.status === 'closed') return out;
    const futureDate = (err, fh) => {
      if (!(err.problem.type ?? '').endsWith('future-date')) return false;
      fh.showErrors([{ path: 'date', message: 'datoen må ikke ligge i fremtiden' }]);
      return true;
    };
    out.push(
      h('h3', {}, 'Registrér samtykke'),
      form({
        submit: 'Registrér samtykke',
        fields: [
          { name: 'kind', label: 'Samtykke til', type: 'select', options: [['municipality', 'Deling med kommunen'], ...(c.employer ? [['employer', 'Arbejdsgiverens inddragelse']] : [])] },
          { name: 'given', label: 'Borgeren har', type: 'select', options: [['true', 'Givet samtykke'], ['false', 'Trukket samtykket tilbage']] },
          { name: 'date', label: 'Gælder fra', type: 'date', required: true, value: today(), hint: 'Datoen på borgerens erklæring; ikke i fremtiden' },
          { name: 'sourceDocument', label: 'Kildedokument', required: true, hint: 'Fx "Samtykkeerklæring af 3. marts, journalnr. 123"' },
        ],
        body: (v) => ({ kind: v.kind, given: v.given === 'true', date: v.date, sourceDocument: v.sourceDocument }),
        send: (b, key) => api('POST', `/api/cases/${enc}/consents`, b, key),
        done: (r) => reload(`Samtykket er registreret. ${consentEffect(r.kind, r.given)}`),
        conflict: futureDate,
      }).el,
    );
    if (c.union) {
      out.push(
        h('h3', {}, 'Registrér fagforeningens fuldmagt'),
        form({
          submit: 'Registrér fuldmagt',
          fields: [
            { name: 'powerOfAttorney', label: 'Fuldmagt', type: 'select', options: Object.entries(POA), value: poa },
            { name: 'date', label: 'Fuldmagten gælder fra', type: 'date', required: true, value: today() },
            { name: 'sourceDocument', label: 'Fuldmagtsdokument', hint: 'Fx "Fuldmagt af 3. marts"' },
          ],
          body: (v) => ({ powerOfAttorney: v.powerOfAttorney, date: v.date, sourceDocument: opt(v.sourceDocument) }),
          send: (b, key) => api('POST', `/api/cases/${enc}/power-of-attorney`, b, key),
          done: (r) => reload(`Fuldmagten er registreret. ${consentEffect('union-power-of-attorney', r.powerOfAttorney)}`),
          conflict: futureDate,
        }).el,
      );
    }
    out.push(citizenAccess(ctx));
    return out;
  },

  fasttrack({ c, staff, enc, reload }) {
    const ft = c.fastTrack;
    const out = [heading('fasttrack', 'Fasttrack')];
    out.push(h('p', {}, 'Ved fasttrack holder jobcentret den første opfølgningssamtale senest 2 uger efter anmodningen – eller senest ved udgangen af uge 8 efter første fraværsdag, hvis medarbejderen siger nej.'));
    if (!ft) {
      out.push(h('p', { id: 'fast-track-none' }, 'Der er ingen anmodning om fasttrack på sagen.'));
      if (staff && c.status === 'active') {
        out.push(
          h('h3', {}, 'Registrér en anmodning om fasttrack'),
          form({
            submit: 'Registrér anmodning',
            fields: [
              { name: 'requestedBy', label: 'Anmodet af', type: 'select', options: [['employer', 'Arbejdsgiveren'], ['employee', 'Medarbejderen']] },
              { name: 'requestedOn', label: 'Anmodningen er modtaget den', type: 'date', required: true, value: today() },
              ...answerFields('answers.'),
              { name: 'employeeConsent', label: 'Medarbejderens svar', type: 'select', options: CONSENT_ANSWER },
            ],
            body: (v) => ({ requestedBy: v.requestedBy, requestedOn: v.requestedOn, answers: fastTrackAnswers(v, 'answers.'), employeeConsent: v.employeeConsent === '' ? undefined : v.employeeConsent === 'true' }),
            send: (b, key) => api('POST', `/api/cases/${enc}/fast-track`, b, key),
            done: (r) => reload(`Anmodningen er registreret. Første samtale senest ${r.fastTrack.firstConversationDueOn}.`),
            conflict: (err, fh) => {
              if (!(err.problem.type ?? '').endsWith('fast-track-too-late')) return false;
              fh.showErrors([{ path: 'requestedOn', message: `arbejdsgiveren kan kun anmode inden for de første 5 ugers fravær${err.problem.latestRequestOn ? ` (senest ${err.problem.latestRequestOn})` : ''}. Registrér den som medarbejderens anmodning, hvis medarbejderen selv anmoder.` }], 'Anmodningen om fasttrack er for sen');
              return true;
            },
          }).el,
        );
      }
      return out;
    }
    const answersTask = (c.tasks ?? []).find((t) => t.kind === 'fast-track-answers' && t.status === 'open');
    out.push(
      facts([
        ['Anmodet af', ft.requestedBy === 'employer' ? 'Arbejdsgiveren' : 'Medarbejderen'],
        ['Anmodningen modtaget', ft.requestedOn],
        ['Medarbejderens svar', ft.employeeConsent === null ? 'Ikke spurgt endnu' : ft.employeeConsent ? 'Ja til tidlig opfølgning' : 'Nej – første samtale senest ved udgangen af uge 8'],
        ['Første samtale senest', h('strong', { id: 'first-conversation-due' }, ft.firstConversationDueOn)],
        ['Første samtale holdt', ft.firstConversationOn ?? 'Ikke endnu'],
      ]),
      h('h3', {}, 'De tre spørgsmål'),
      ft.answers
        ? h(
            'dl',
            { className: 'facts', id: 'fast-track-answers' },
            h('dt', {}, 'Berørte arbejdsfunktioner'),
            h('dd', {}, ft.answers.affectedFunctions),
            h('dt', {}, 'Hvor længe'),
            h('dd', {}, ft.answers.affectedSince),
            h('dt', {}, 'Arbejdet tilpasset'),
            h('dd', {}, ft.answers.jobAdapted ? 'Ja' : 'Nej'),
          )
        : h(
            'div',
            { className: 'alert alert-warning', id: 'fast-track-answers-missing' },
            h('div', { className: 'alert-body' }, h('p', { className: 'alert-heading' }, 'Svarene mangler'), h('p', { className: 'alert-text' }, answersTask ? `Opgave: ${answersTask.title} – ${answersTask.owner?.name ?? ''}, frist ${answersTask.dueOn}.` : 'Ring til arbejdsgiveren og få svar på de tre spørgsmål.')),
          ),
    );
    if (!staff || !['active', 'screening'].includes(c.status) || (ft.answers && ft.employeeConsent !== null && ft.firstConversationOn)) return out;
    out.push(
      h('h3', {}, 'Registrér fremdrift'),
      form({
        submit: 'Gem fremdrift',
        legend: 'Udfyld det, der er sket: svarene på de tre spørgsmål, medarbejderens svar eller den holdte samtale.',
        fields: [
          ...(ft.answers ? [] : answerFields('answers.')),
          ...(ft.employeeConsent === null ? [{ name: 'employeeConsent', label: 'Medarbejderens svar', type: 'select', options: CONSENT_ANSWER }] : []),
          ...(ft.firstConversationOn ? [] : [{ name: 'firstConversationOn', label: 'Første samtale holdt den', type: 'date', hint: 'Tom: ikke holdt endnu' }]),
        ],
        body: (v) => ({ answers: fastTrackAnswers(v, 'answers.'), employeeConsent: !v.employeeConsent ? undefined : v.employeeConsent === 'true', firstConversationOn: opt(v.firstConversationOn ?? '') }),
        send: (b, key) => api('POST', `/api/cases/${enc}/fast-track/progress`, b, key),
        done: (r) => reload(`Fremdriften er gemt. ${r.fastTrack.firstConversationOn ? `Første samtale holdt ${r.fastTrack.firstConversationOn}.` : `Første samtale senest ${r.fastTrack.firstConversationDueOn}.`}`),
        conflict: (err, fh) => {
          if (!(err.problem.type ?? '').endsWith('fast-track-date')) return false;
          fh.showErrors([{ path: 'firstConversationOn', message: 'samtalen skal ligge mellem anmodningen og i dag' }]);
          return true;
        },
      }).el,
    );
    return out;
  },

  plan({ c, me, staff, enc, reload }) {
    const plan = c.retentionPlan;
    const out = [heading('plan', 'Fastholdelsesplan')];
    out.push(h('p', {}, 'Planen for den hurtigste tilbagevenden: hvert delmål har en ansvarlig og en dato og bliver fulgt op med påmindelse og eskalering som andre opgaver.'));
    const open = staff && ['active', 'screening'].includes(c.status);
    if (!plan || plan.milestones.length === 0) out.push(h('p', { id: 'plan-empty' }, 'Der er endnu ingen delmål i planen.'));
    else {
      out.push(facts([['Aftalt', plan.agreedOn], ['Sidst ændret', when(plan.updatedAt)]]));
      for (const m of plan.milestones) {
        const id = `milestone-${m.milestoneId}`;
        out.push(
          h(
            'section',
            { className: 'milestone', id, 'aria-labelledby': `${id}-h` },
            h('h3', { className: 'h4', id: `${id}-h` }, m.title, ' ', badge(MILESTONE_STATUS[m.status] ?? m.status, m.status === 'kept' ? 'success' : m.status === 'cancelled' ? 'info' : 'warning')),
            facts([
              ['Type', MILESTONE_KIND[m.kind] ?? m.kind],
              ['Ansvarlig', person(m.owner)],
              ['Dato', m.dueOn],
              ['Timer pr. uge', m.hoursPerWeek == null ? null : String(m.hoursPerWeek)],
            ]),
            m.progress.length ? h('ul', { className: 'milestone-progress' }, m.progress.map((p) => h('li', {}, `${p.on}: ${p.note}`, h('span', { className: 'muted' }, ` – ${p.by}`)))) : h('p', { className: 'muted' }, 'Ingen fremdrift registreret.'),
            open && m.status === 'open'
              ? details(
                  `Registrér fremdrift på "${m.title}"`,
                  form({
                    submit: 'Gem fremdrift',
                    fields: [
                      { name: 'note', label: 'Hvad er der sket?', type: 'textarea', rows: 2, required: true },
                      { name: 'kept', label: 'Delmålet er nået', type: 'checkbox', value: false },
                    ],
                    body: (v) => ({ milestoneId: m.milestoneId, note: v.note, kept: v.kept }),
                    send: (b, key) => api('POST', `/api/cases/${enc}/retention-plan/progress`, b, key),
                    done: (r) => reload(r.milestone.status === 'kept' ? `Delmålet "${r.milestone.title}" er nået.` : `Fremdriften på "${r.milestone.title}" er gemt.`),
                  }).el,
                )
              : null,
          ),
        );
      }
    }
    if (!open) return out;
    const f = form({
      submit: 'Tilføj delmål',
      fields: [
        { name: 'kind', label: 'Slags delmål', type: 'select', options: Object.entries(MILESTONE_KIND) },
        { name: 'title', label: 'Titel', hint: 'Tom: slagsen, fx "Delvis tilbagevenden"' },
        { name: 'hoursPerWeek', label: 'Timer pr. uge fra datoen', inputmode: 'decimal', hint: 'Ved delvis tilbagevenden; stigende timer er flere delmål' },
        { name: 'dueOn', label: 'Dato', type: 'date', required: true, value: today() },
        { name: 'owner.role', label: 'Ansvarlig, rolle', type: 'select', options: Object.entries(OWNER_ROLE), value: 'caseworker', paths: ['owner'] },
        { name: 'owner.name', label: 'Ansvarlig, navn', required: true, value: me.name ?? '' },
        { name: 'owner.email', label: 'Ansvarlig, e-mail', type: 'email', required: true, value: me.email ?? c.caseworker?.email ?? '' },
      ],
      body: (v) => ({ kind: v.kind, title: opt(v.title), hoursPerWeek: num(v.hoursPerWeek), dueOn: v.dueOn, owner: { role: v['owner.role'], name: v['owner.name'], email: v['owner.email'] } }),
      send: (b, key) => api('POST', `/api/cases/${enc}/retention-plan/milestones`, b, key),
      done: (r) => reload(`Delmålet "${r.milestone.title}" er tilføjet med frist ${r.milestone.dueOn}.`),
      conflict: (err, fh) => {
        if (!(err.problem.type ?? '').endsWith('past-date')) return false;
        fh.showErrors([{ path: 'dueOn', message: 'datoen må ikke ligge før i dag' }]);
        return true;
      },
    });
    out.push(h('h3', {}, 'Tilføj delmål'), f.el);
    return out;
  },

  tidslinje({ events }) {
    return [
      heading('tidslinje', 'Tidslinje'),
      events.length === 0
        ? h('p', {}, 'Ingen hændelser.')
        : h('ol', { className: 'timeline' }, events.map((e) => h('li', {}, h('time', { datetime: e.at }, when(e.at)), ' ', e.summary, h('span', { className: 'muted' }, ` – ${e.actor}`)))),
    ];
  },
};


/** A relapse: a new sick period during aftercare reopens the same case with its plan and history. */
function relapseForm(c, enc, reload) {
  return h(
    'section',
    { 'aria-labelledby': 'h-relapse' },
    h('h3', { id: 'h-relapse' }, 'Tilbagefald'),
    h('p', {}, 'Bliver borgeren syg igen i efterværnet, genåbnes sagen med den gamle plan og historik. Opfølgningerne i efterværnet annulleres.'),
    form({
      submit: 'Genåbn sagen',
      fields: [
        { name: 'sickFrom', label: 'Syg igen fra', type: 'date', required: true, value: today() },
        { name: 'note', label: 'Note om tilbagefaldet', type: 'textarea', rows: 2 },
      ],
      body: (v) => ({ sickFrom: v.sickFrom, note: opt(v.note) }),
      send: (b, key) => api('POST', `/api/cases/${enc}/relapse`, b, key),
      done: () => reload('Sagen er genåbnet efter tilbagefald og er aktiv igen.'),
      conflict: (err, fh) => {
        const t = err.problem.type ?? '';
        if (t.endsWith('future-date')) return fh.showErrors([{ path: 'sickFrom', message: 'datoen må ikke ligge i fremtiden' }]), true;
        if (t.endsWith('invalid-period')) {
          const on = /(\d{4}-\d{2}-\d{2})/.exec(err.problem.errors?.[0]?.message ?? '')?.[1];
          return fh.showErrors([{ path: 'sickFrom', message: `datoen skal ligge efter raskmeldingen${on ? ` den ${on}` : ''}` }]), true;
        }
        return false;
      },
    }).el,
  );
}

/** What a consent or power of attorney means for who sees the case, in plain Danish. */
function consentEffect(kind, value) {
  if (kind === 'municipality') {
    return value
      ? 'Kommunens sagsbehandler kan se sagen, også helbredsoplysningerne.'
      : 'Kommunen kan ikke længere se sagen. Sagsbehandleren kan stadig registrere sygeperioder i kommunens egen sygedagpengesag, men ser intet fra sagen. Det, kommunen så før, står i revisionsloggen.';
  }
  if (kind === 'employer') {
    return value
      ? 'Arbejdsgiveren kan se fastholdelsesdelen af sagen (møder, den deltager i, og aftalte handlinger), men aldrig helbredsoplysninger, fagforening eller afslutningsnoten.'
      : 'Arbejdsgiveren kan ikke se sagen.';
  }
  return value === 'none'
    ? 'Fagforeningen kan ikke se sagen og får ikke besked om afgørelser.'
    : 'Fagforeningen kan se sagen, får besked om afgørelser og kan klage på borgerens vegne.';
}

/** The citizen's own link: send a new one (by email only; the token is never shown), list and close them. */
function citizenAccess({ c, enc, reload }) {
  const list = h('div', { id: 'citizen-tokens' }, h('p', {}, 'Henter borgerens links …'));
  const base = `/api/cases/${enc}/citizen-tokens`;
  const state = (x) =>
    x.revokedAt ? `Lukket ${when(x.revokedAt)}` : x.expiresAt && Date.parse(x.expiresAt) < Date.now() ? 'Udløbet' : 'Aktivt';
  const revoke = (x) => {
    let dlg;
    const f = form({
      submit: 'Ja, luk linket',
      fields: [],
      body: () => undefined,
      // Revoking is idempotent by itself (again is harmless), so the API takes no Idempotency-Key here.
      send: () => api('POST', `${base}/${encodeURIComponent(x.tokenId)}/revoke`),
      done: async () => {
        dlg.close();
        await reload('Borgerens link er lukket. Borgeren kan ikke længere åbne sagen med det.');
      },
      secondary: h('button', { type: 'button', className: 'button button-secondary', onclick: () => dlg.close() }, 'Fortryd'),
    });
    dlg = dialog(
      'Luk borgerens link?',
      h('p', {}, `Linket fra ${when(x.createdAt)} holder op med at virke med det samme. Borgeren kan få et nyt link, hvis du sender det.`),
      f.el,
    );
    f.el.querySelector('button[type="submit"]').focus();
  };
  void (async () => {
    try {
      const { items } = await api('GET', base);
      list.replaceChildren(
        table(
          'Borgerens links til sagen',
          ['Sendt', 'Udløber', 'Status', 'Handling'],
          items.map((x) =>
            h(
              'tr',
              { id: `citizen-token-${x.tokenId}` },
              h('td', {}, when(x.createdAt)),
              h('td', {}, when(x.expiresAt)),
              h('td', {}, state(x)),
              h('td', {}, state(x) === 'Aktivt' ? h('button', { type: 'button', className: 'button button-secondary button-small', onclick: () => revoke(x) }, `Luk linket fra ${when(x.createdAt)}`) : ''),
            ),
          ),
          'Borgeren har ikke fået et link endnu.',
        ),
      );
    } catch (err) {
      list.replaceChildren(h('p', {}, `Borgerens links kunne ikke hentes: ${err.message}`));
    }
  })();
  const send = form({
    submit: 'Send link til borgeren',
    fields: [],
    body: () => undefined,
    // Not retried (no Idempotency-Key on this endpoint): a retry would mail a second link.
    send: () => api('POST', base),
    done: (r) => reload(`Et personligt link er sendt til ${r.sentTo}. Det udløber ${when(r.expiresAt)}.`),
  });
  return h(
    'section',
    { 'aria-labelledby': 'h-citizen-access' },
    h('h3', { id: 'h-citizen-access' }, 'Borgerens egen adgang'),
    h('p', {}, `Borgeren kan selv følge sagen (status, plan, løfter, møder, afgørelser og tilskud) via et personligt link, der sendes til ${c.citizen?.email ?? 'borgerens e-mail'}. Linket vises ikke her.`),
    send.el,
    list,
  );
}

function details(summary, ...content) {
  return h('details', { className: 'details' }, h('summary', { className: 'details-summary' }, summary), h('div', { className: 'details-text' }, ...content));
}

function taskActions(t, reload) {
  const base = `/api/tasks/${encodeURIComponent(t.taskId)}`;
  const KEPT_ELSEWHERE = { 'send-minutes': 'Lukkes, når referatet sendes', revision: 'Lukkes ved en revisions- eller endelig afgørelse', 'confirm-payment': 'Lukkes, når udbetalingen bekræftes' };
  const complete = KEPT_ELSEWHERE[t.kind]
    ? h('p', { className: 'muted' }, KEPT_ELSEWHERE[t.kind])
    : form({
        className: 'inline-form',
        submit: `Markér "${t.title}" som udført`,
        fields: [],
        body: () => ({ note: 'Udført fra arbejdsbordet' }),
        send: (b, key) => api('POST', `${base}/complete`, b, key),
        done: () => reload(`Opgaven "${t.title}" er markeret som udført.`),
      }).el;
  return [
    complete,
    details(
      'Annullér',
      form({
        submit: 'Annullér opgaven',
        fields: [{ name: 'reason', label: 'Begrundelse', type: 'textarea', rows: 2, required: true }],
        body: (v) => ({ reason: v.reason }),
        send: (b, key) => api('POST', `${base}/cancel`, b, key),
        done: () => reload(`Opgaven "${t.title}" er annulleret.`),
      }).el,
    ),
    details(
      'Giv videre',
      form({
        submit: 'Giv opgaven videre',
        fields: [
          { name: 'owner.name', label: 'Ny ansvarlig, navn', required: true, paths: ['owner'] },
          { name: 'owner.email', label: 'Ny ansvarlig, e-mail', type: 'email', required: true, hint: 'En medarbejder på sagen: dens konsulent eller sagsbehandler, en konsulent, en leder eller en sagsbehandler i kommunen' },
          { name: 'owner.role', label: 'Rolle', type: 'select', options: [['consultant', 'Konsulent'], ['caseworker', 'Sagsbehandler']] },
        ],
        body: (v) => ({ owner: { name: v['owner.name'], email: v['owner.email'], role: v['owner.role'] } }),
        send: (b, key) => api('POST', `${base}/reassign`, b, key),
        // An outside address never becomes an owner: said next to the e-mail field.
        conflict: (err, fh) => {
          if (!(err.problem.type ?? '').endsWith('owner-not-staff')) return false;
          fh.showErrors([{ path: 'owner.email', message: 'skal være en medarbejder på sagen (konsulent, sagsbehandler eller leder med adgang)' }]);
          return true;
        },
        done: () => reload(`Opgaven "${t.title}" er givet videre.`),
      }).el,
    ),
  ];
}

function subsidyCard(s, { consultant, staff, reload }) {
  const base = `/api/subsidies/${encodeURIComponent(s.subsidyId)}`;
  const infoAsked = [...(s.history ?? [])].reverse().find((x) => x.type === 'answered' && x.decision === 'info-requested');
  const parts = [
    h('h3', {}, `${SUBSIDY_KIND[s.kind] ?? s.kind}: ${kr(s.amountDkk)}`),
    facts([
      ['Status', SUBSIDY_STATUS[s.status] ?? s.status],
      ['Beskrivelse', s.description],
      ['Bevilget beløb', s.approvedAmountDkk != null ? kr(s.approvedAmountDkk) : null],
      ['Forsikringens note', s.decisionNote],
      ['Udbetalt', s.paidOn],
    ]),
  ];
  if (consultant && s.status === 'info-requested') {
    parts.push(
      h('p', {}, h('strong', {}, 'Forsikringen spørger: '), infoAsked?.text ?? s.decisionNote ?? ''),
      form({
        submit: 'Send oplysninger',
        fields: [{ name: 'information', label: 'Oplysninger til forsikringsselskabet', type: 'textarea', required: true }],
        body: (v) => ({ information: v.information }),
        send: (b, key) => api('POST', `${base}/information`, b, key),
        done: () => reload('Oplysningerne er sendt til forsikringsselskabet.'),
      }).el,
    );
  }
  if (staff && s.status === 'approved') {
    parts.push(
      form({
        submit: 'Bekræft udbetaling',
        fields: [
          { name: 'confirmedOn', label: 'Udbetalt den', type: 'date', required: true, value: today() },
          { name: 'note', label: 'Note', type: 'textarea', rows: 2 },
        ],
        body: (v) => ({ confirmedOn: v.confirmedOn, note: opt(v.note) }),
        send: (b, key) => api('POST', `${base}/payment`, b, key),
        done: () => reload('Udbetalingen er bekræftet.'),
      }).el,
    );
  }
  if (consultant && ['requested', 'info-requested', 'approved'].includes(s.status)) {
    parts.push(
      details(
        'Træk anmodningen tilbage',
        form({
          submit: 'Træk tilbage',
          fields: [{ name: 'reason', label: 'Begrundelse', type: 'textarea', rows: 2, required: true }],
          body: (v) => ({ reason: v.reason }),
          send: (b, key) => api('POST', `${base}/withdraw`, b, key),
          done: () => reload('Anmodningen er trukket tilbage.'),
        }).el,
      ),
    );
  }
  return h('article', { className: 'card-ish', id: `subsidy-${s.subsidyId}` }, parts);
}

function scheduleForm(c, enc, reload) {
  const participant = (i, role, p) => [
    { section: `Deltager ${i + 1}${i === 0 ? '' : ' (valgfri)'}` },
    { name: `participants.${i}.role`, label: `Deltager ${i + 1}, rolle`, type: 'select', options: Object.entries(PARTICIPANT_ROLE), value: role, paths: i === 0 ? ['participants'] : [] },
    { name: `participants.${i}.name`, label: `Deltager ${i + 1}, navn`, value: p?.name ?? '' },
    { name: `participants.${i}.email`, label: `Deltager ${i + 1}, e-mail`, type: 'email', value: p?.email ?? '' },
  ];
  return form({
    submit: 'Planlæg og send invitationer',
    fields: [
      { name: 'scheduledAt', label: 'Tidspunkt', type: 'datetime-local', required: true },
      { name: 'location', label: 'Sted', required: true },
      { name: 'purpose', label: 'Formål', type: 'textarea', rows: 2, required: true },
      { name: 'agenda', label: 'Dagsorden', type: 'textarea', rows: 3, required: true, hint: 'Ét punkt pr. linje' },
      ...participant(0, 'citizen', c.citizen),
      ...participant(1, 'caseworker', c.caseworker),
      ...participant(2, 'employer', c.employer),
      { name: 'citizenConsentsToEmployer', label: 'Borgeren giver samtykke til, at arbejdsgiveren deltager', type: 'checkbox', value: false },
    ],
    body: (v) => ({
      scheduledAt: copenhagenInstant(v.scheduledAt),
      location: v.location,
      purpose: v.purpose,
      agenda: v.agenda.split('\n').map((l) => l.trim()).filter(Boolean),
      participants: [0, 1, 2]
        .filter((i) => v[`participants.${i}.name`] || v[`participants.${i}.email`])
        .map((i) => ({ role: v[`participants.${i}.role`], name: v[`participants.${i}.name`], email: v[`participants.${i}.email`] })),
      citizenConsentsToEmployer: v.citizenConsentsToEmployer,
    }),
    send: (b, key) => api('POST', `/api/cases/${enc}/roundtables`, b, key),
    done: () => reload('Rundbordssamtalen er planlagt, og invitationerne er sendt.'),
  });
}

/** The decision form; a 409 rule collision opens a dialog asking for the acknowledgement and the next income basis, then resends. */
function decisionForm(c, enc, reload) {
  const body = (v) => ({
    kind: v.kind,
    earningCapacityLossPct: num(v.earningCapacityLossPct) ?? null,
    permanentInjuryPct: num(v.permanentInjuryPct) ?? null,
    justification: v.justification,
    revisionDueOn: opt(v.revisionDueOn) ?? null,
  });
  const send = (b, key) => api('POST', `/api/cases/${enc}/decisions`, b, key);
  const done = (d) => reload(`Afgørelsen er truffet (${DECISION_KIND[d.kind] ?? d.kind}).`);
  return form({
    submit: 'Træf afgørelse',
    fields: [
      { name: 'kind', label: 'Type', type: 'select', options: Object.entries(DECISION_KIND) },
      { name: 'earningCapacityLossPct', label: 'Tab af erhvervsevne (%)', type: 'number', inputmode: 'decimal', hint: 'Erstatning ved mindst 15 %' },
      { name: 'permanentInjuryPct', label: 'Varigt mén (%)', type: 'number', inputmode: 'decimal', hint: 'Godtgørelse ved mindst 5 %' },
      { name: 'justification', label: 'Begrundelse', type: 'textarea', required: true, hint: 'Med ord parterne kan klage over (mindst 20 tegn)' },
      { name: 'revisionDueOn', label: 'Revisionsfrist', type: 'date', hint: 'Tom: politikkens standard for midlertidige afgørelser' },
    ],
    body,
    send,
    done,
    conflict: (err, fh) => {
      if (!(err.problem.type ?? '').endsWith('rule-collision')) return false;
      fh.clearErrors();
      ruleCollisionDialog(err.problem, body(fh.values()), send, done);
      return true;
    },
  });
}

/** The rule collision's loss in Danish, from the 409's fields (its `loses` text is English for programs). */
function losesText(p) {
  const from = p.losesFrom ?? today();
  if (p.extensionActive) {
    return `Fra afgørelsesdatoen ${from} stopper de sygedagpenge, der er forlænget, fordi arbejdsskadesagen ikke er afgjort: der udbetales ikke sygedagpenge ud over varighedsbegrænsningen ${p.limitDate ?? ''}.`;
  }
  return (
    `Fra afgørelsesdatoen ${from} mister borgeren retten til at få sygedagpengene forlænget, fordi arbejdsskadesagen ikke er afgjort. ` +
    `Forlængelsen ville ellers have kunnet begynde ${p.extensionFrom ?? 'efter varighedsbegrænsningen'}, dagen efter varighedsbegrænsningen ${p.limitDate ?? ''}. ` +
    'Varer sygdommen længere, skal kommunen finde et andet grundlag for forlængelse, eller borgeren skal have en anden indtægt.'
  );
}

/** Who was told about a decision and the appeal deadline, from its `decision-notified` timeline event. */
function decisionNotice(events, decisionId) {
  const e = (events ?? []).find((x) => x.type === 'decision-notified' && x.summary.includes(`${decisionId} meddelt `));
  if (!e) return null;
  const m = / meddelt (.*); klagefrist (\d{4}-\d{2}-\d{2})/.exec(e.summary);
  return m ? { to: m[1], appealBy: m[2] } : { to: e.summary, appealBy: '–' };
}

function ruleCollisionDialog(problem, firstBody, send, done) {
  let dlg;
  const f = form({
    submit: 'Kvittér og træf afgørelsen',
    fields: [
      { name: 'acknowledgeRuleCollision', label: 'Jeg er klar over, at afgørelsen afslutter forlængelsen af sygedagpengene', type: 'checkbox', value: false },
      { name: 'nextIncomeBasis', label: 'Borgerens næste indkomstgrundlag', required: true, hint: 'Fx fleksjob, ressourceforløb eller løn fra arbejdsgiveren' },
    ],
    body: (v) => ({ ...firstBody, acknowledgeRuleCollision: v.acknowledgeRuleCollision, nextIncomeBasis: v.nextIncomeBasis }),
    send: async (b, key) => {
      // The page says what is missing before asking the API (which would answer the same 409 again).
      const errors = [];
      if (!b.acknowledgeRuleCollision) errors.push({ path: 'acknowledgeRuleCollision', message: 'sæt kryds for at kvittere for regelkollisionen' });
      if (!b.nextIncomeBasis || b.nextIncomeBasis.length < 2) errors.push({ path: 'nextIncomeBasis', message: 'angiv borgerens næste indkomstgrundlag' });
      if (errors.length) throw new ApiError(400, { errors });
      return send(b, key);
    },
    done: async (d) => {
      dlg.close();
      await done(d);
    },
  });
  dlg = dialog(
    'Afgørelsen kolliderer med sygedagpengereglerne',
    h('p', {}, `Afgørelsen om tab af erhvervsevne vil afslutte forlængelsen af sygedagpengene, der hviler på den verserende arbejdsskadesag (${problem.rule ?? 'sygedagpengeloven § 27'}).`),
    h('p', { id: 'rule-collision-loses' }, h('strong', {}, 'Det mister borgeren: '), losesText(problem)),
    h('p', {}, 'Kvittér og angiv, hvad borgeren skal leve af bagefter.'),
    f.el,
  );
  f.controls.get('acknowledgeRuleCollision').focus();
}

// ---- the sick-pay clock ------------------------------------------------------------------------

const DAY = 86_400_000;
const t = (d) => Date.parse(`${d}T00:00:00Z`);

/** The sick-pay clock as an inline SVG timeline; the same facts are in the explanation list beside it. */
function clockSvg(sp) {
  const W = 720;
  const H = 170;
  const x0 = 20;
  const x1 = W - 20;
  const start = t(sp.firstSickDay);
  const now = t(today());
  const limit = t(sp.limitDate);
  const end = Math.max(limit, now) + 21 * DAY;
  const x = (ms) => x0 + ((ms - start) / (end - start)) * (x1 - x0);
  const ex = sp.explanation;
  const y = 70;
  const els = [
    h('svg:title', { id: 'clock-title' }, 'Sygedagpengeuret'),
    h('svg:desc', { id: 'clock-desc' }, `Fra første sygedag ${sp.firstSickDay} til varighedsbegrænsningen ${sp.limitDate}.${(ex.partialPeriods ?? []).map((p) => ` Delvis sygemeldt ${p.sickPct} % fra ${p.from}.`).join('')} Detaljerne står i listen ved siden af.`),
    h('svg:rect', { x: x0, y: y - 6, width: x1 - x0, height: 12, fill: '#e6eef6', stroke: '#6c7a89' }),
    // Days counted so far
    h('svg:rect', { x: x0, y: y - 6, width: Math.max(0, Math.min(x(now), x(limit)) - x0), height: 12, fill: '#2e6da4' }),
    // Excluded first days
    h('svg:rect', { x: x0, y: y - 6, width: Math.max(1, x(t(ex.baseDate)) - x0), height: 12, fill: '#9aa5b1', 'data-kind': 'excluded' }),
  ];
  for (const p of ex.pauses ?? []) {
    const px = x(t(p.from));
    const pw = Math.max(2, x(p.to ? t(p.to) : now) - px);
    els.push(h('svg:rect', { x: px, y: y - 10, width: pw, height: 20, fill: '#f5d76e', stroke: '#7a5c00', 'data-kind': 'pause' }));
  }
  // Partial sick leave counts like full sick days: drawn over the counted days, hatched by its share of sick hours.
  for (const p of ex.partialPeriods ?? []) {
    const px = x(t(p.from));
    const pw = Math.max(2, x(p.to ? t(p.to) : Math.max(now, t(p.from) + DAY)) - px);
    els.push(
      h('svg:rect', { x: px, y: y - 14, width: pw, height: 8, fill: '#c05f00', 'data-kind': 'partial', 'data-sick-pct': p.sickPct }, h('svg:title', {}, `Delvis sygemeldt ${p.sickPct} % fra ${p.from}`)),
      h('svg:text', { x: px, y: y - 18, 'text-anchor': 'start', 'font-size': 12, fill: '#1a1a1a' }, `${p.sickPct} % syg`),
    );
  }
  if (sp.extension.since) {
    const sx = x(t(sp.extension.since));
    const endX = sp.extension.endedOn ? x(t(sp.extension.endedOn)) : x1;
    els.push(h('svg:rect', { x: sx, y: y - 6, width: Math.max(2, endX - sx), height: 12, fill: '#7fb17f', 'data-kind': 'extension' }));
  }
  const label = (lx, ly, text, anchor = 'middle') => h('svg:text', { x: lx, y: ly, 'text-anchor': anchor, 'font-size': 12, fill: '#1a1a1a' }, text);
  els.push(h('svg:line', { x1: x(limit), x2: x(limit), y1: 30, y2: 110, stroke: '#a4001d', 'stroke-width': 3, 'data-kind': 'limit' }), label(x(limit), 24, `Grænse ${sp.limitDate}`, x1 - x(limit) < 80 ? 'end' : 'middle'));
  els.push(h('svg:line', { x1: x(now), x2: x(now), y1: 44, y2: 95, stroke: '#1a1a1a', 'stroke-dasharray': '4 3' }), label(x(now), 40, 'I dag', x(limit) - x(now) < 90 ? 'end' : 'middle'));
  els.push(label(x0, 24, `1. sygedag ${sp.firstSickDay}`, 'start'));
  for (const r of ex.reminders ?? []) {
    const rx = x(t(r.sendOn));
    els.push(
      h('svg:circle', { cx: rx, cy: y + 28, r: 6, fill: r.status === 'sent' ? '#0f5c2e' : '#ffffff', stroke: r.status === 'skipped' ? '#6c7a89' : '#0f5c2e', 'stroke-width': 2, 'data-kind': `reminder-${r.status}` }),
      label(rx, y + 52, `${r.offsetWeeks} u.`),
    );
  }
  // Legend
  const legend = [
    ['#9aa5b1', 'Tæller ikke'],
    ['#2e6da4', 'Talte dage'],
    ['#f5d76e', 'Raskmeldt (pause)'],
    ['#7fb17f', 'Forlængelse'],
    ['#c05f00', 'Delvis sygemeldt'],
  ];
  legend.forEach(([fill, text], i) => els.push(h('svg:rect', { x: x0 + i * 138, y: H - 18, width: 12, height: 12, fill }), label(x0 + i * 138 + 18, H - 8, text, 'start')));
  return h('svg:svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-labelledby': 'clock-title clock-desc', className: 'clock', id: 'sick-pay-clock', 'data-limit': sp.limitDate }, els);
}
