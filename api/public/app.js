// The workbench shell: sign-in with a token, the menu per role, hash routes, and the list pages (my tasks,
// my cases, the insurer's inbox, the supervisor's stuck list, deadlines and overdue tasks).
// Case pages and the intake form are in case.js; shared helpers (DOM, API, DKFDS forms) in lib.js.
import { h, api, show, say, flash, showFlash, form, table, badge, caseLink, dateText, count, kr, when, query, STATUS, ROLE, TASK_KIND, TOKEN_KEY, ApiError, setUnauthorisedHandler } from './lib.js';
import { intakePage, casePage } from './case.js';
import { retentionReportPage } from './report.js';

const nav = document.getElementById('nav');
const who = document.getElementById('who');

let me = null;

setUnauthorisedHandler((message) => signOut(message, true));

// ---- sign in / out -----------------------------------------------------------------------------

function signOut(message, error = false) {
  // Also forget the Temporal UI codec cookie (it is HttpOnly: only the server can clear it).
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) void fetch('/api/session/codec', { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  sessionStorage.removeItem(TOKEN_KEY);
  me = null;
  renderNav();
  if (location.hash === '#/login') {
    loginPage();
    if (message) say(message, error);
  } else {
    // Shown by the sign-in page the navigation opens (a message said now would be cleared by it).
    if (message) flash(message, error);
    location.hash = '#/login';
  }
}

const home = () => (me.role === 'supervisor' ? '#/stuck' : me.role === 'insurer' ? '#/inbox' : ['union', 'employer'].includes(me.role) ? '#/all-cases' : '#/tasks');

function renderNav() {
  nav.replaceChildren();
  who.replaceChildren();
  if (!me) return;
  const links = {
    supervisor: [['#/stuck', 'Fastlåste sager'], ['#/deadlines', 'Frister'], ['#/overdue', 'Opgaver over frist'], ['#/retention-report', 'Nøgletal']],
    insurer: [['#/inbox', 'Indbakke'], ['#/all-cases', 'Sager']],
    union: [['#/all-cases', 'Sager']],
    employer: [['#/all-cases', 'Sager']],
  }[me.role] ?? [['#/tasks', 'Mine opgaver'], ['#/cases', 'Mine sager'], ['#/new-case', 'Opret sag']];
  const current = location.hash.split('?')[0];
  nav.append(h('ul', { className: 'top-menu' }, links.map(([href, label]) => h('li', {}, h('a', { href, 'aria-current': current === href ? 'page' : undefined }, label)))));
  who.append(`${me.name} (${ROLE[me.role] ?? me.role}) `, h('button', { type: 'button', className: 'button button-secondary button-small', onclick: () => signOut('Du er logget ud.') }, 'Log ud'));
}

function loginPage() {
  const f = form({
    submit: 'Log ind',
    fields: [{ name: 'token', label: 'Adgangsnøgle', type: 'password', required: true, hint: 'Nøglen (rt_…) får du af din administrator. Den gemmes kun i denne fane.' }],
    body: (v) => v.token,
    send: async (token) => {
      if (!token) throw new ApiError(400, { errors: [{ path: 'token', message: 'skriv din adgangsnøgle' }] });
      sessionStorage.setItem(TOKEN_KEY, token);
      const res = await fetch('/api/me', { headers: { authorization: `Bearer ${token}` } });
      if (res.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        throw new ApiError(400, { errors: [{ path: 'token', message: 'nøglen er ikke gyldig' }] });
      }
      if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
      return res.json();
    },
    done: async (actor) => {
      me = actor;
      // Lets the Temporal UI on this site decode case payloads for those allowed to read them.
      if (me.role === 'consultant' || me.role === 'supervisor') await api('POST', '/api/session/codec').catch(() => undefined);
      flash(`Logget ind som ${me.name}.`);
      location.hash = home();
    },
  });
  show('Log ind', f.el);
  f.controls.get('token').focus();
}

// ---- consultant / caseworker lists -------------------------------------------------------------

async function tasksPage() {
  const { items } = await api('GET', `/api/tasks${query({ owner: 'me', status: 'open' })}`);
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn));
  const rows = items.map((t) =>
    h(
      'tr',
      {},
      h('td', {}, t.dueOn, t.overdue ? [' ', badge('Over fristen', 'error')] : '', t.escalated ? [' ', badge('Eskaleret', 'warning')] : ''),
      h('td', {}, t.title),
      h('td', {}, TASK_KIND[t.kind] ?? t.kind),
      h('td', {}, caseLink(t.caseId, t.caseId, 'opgaver')),
    ),
  );
  show('Mine opgaver', table(`${count(items.length, 'åben opgave', 'åbne opgaver')}, dem over fristen først`, ['Frist', 'Opgave', 'Type', 'Sag'], rows, 'Du har ingen åbne opgaver.'));
}

async function myCasesPage() {
  const { items } = await api('GET', '/api/me/cases');
  const rows = items.map((c) =>
    h(
      'tr',
      {},
      h('td', {}, caseLink(c.caseId, c.injuryCaseRef ?? c.citizenRef ?? c.caseId)),
      h('td', {}, STATUS[c.status] ?? c.status),
      h('td', {}, c.municipalityCode),
      h('td', {}, dateText(c.nextDeadline)),
      h('td', {}, dateText(c.limitDate)),
      h('td', { className: 'num' }, c.openTasks),
    ),
  );
  show(
    'Mine sager',
    h('p', {}, h('a', { href: '#/new-case', className: 'button button-secondary' }, 'Opret sag')),
    table(`${count(items.length, 'sag', 'sager')}, nærmeste frist først`, ['Sag', 'Status', 'Kommune', 'Næste frist', 'Varighedsbegrænsning', { label: 'Åbne opgaver', num: true }], rows, 'Du har ingen åbne sager.'),
  );
}

/** Every case the API lets the caller see (union, employer, insurer): exactly the list endpoint's fields. */
async function allCasesPage() {
  const { items } = await api('GET', '/api/cases?limit=200');
  const rows = items.map((c) =>
    h('tr', {}, h('td', {}, caseLink(c.caseId, c.injuryCaseRef ?? c.citizenRef ?? c.caseId)), h('td', {}, STATUS[c.status] ?? c.status), h('td', {}, c.municipalityCode), h('td', {}, dateText(c.nextDueOn)), h('td', { className: 'num' }, c.openTasks)),
  );
  show('Sager', table(`${count(items.length, 'sag', 'sager')} du har adgang til`, ['Sag', 'Status', 'Kommune', 'Næste frist', { label: 'Åbne opgaver', num: true }], rows, 'Du har ikke adgang til nogen sager.'));
}

// ---- insurer inbox -----------------------------------------------------------------------------

const SUBSIDY_KIND = { aids: 'Hjælpemidler', transport: 'Transport', treatment: 'Behandling', retraining: 'Omskoling', 'workplace-adaptation': 'Indretning af arbejdsplads', other: 'Andet' };

async function inboxPage() {
  const [subsidies, consultations] = await Promise.all([api('GET', '/api/insurer/subsidies?status=requested'), api('GET', '/api/insurer/consultations').catch(() => ({ items: [] }))]);
  // Oldest question first across both kinds.
  const entries = [
    ...subsidies.items.map((s) => ({ at: s.askedAt, el: () => subsidyAnswer(s) })),
    ...consultations.items.map((q) => ({ at: q.askedOn, el: () => consultationAnswer(q) })),
  ].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  show(
    'Indbakke',
    h('p', {}, `${count(entries.length, 'sag venter', 'sager venter')} på jeres svar, ældste først.`),
    entries.length ? h('ol', { className: 'nobullet-list inbox' }, entries.map((e) => h('li', {}, e.el()))) : h('p', {}, 'Ingen anmodninger venter på svar.'),
  );
}

function subsidyAnswer(s) {
  const f = form({
    submit: 'Send svar',
    fields: [
      { name: 'decision', label: 'Svar', type: 'select', options: [['approved', 'Bevilg'], ['rejected', 'Afslå'], ['info-requested', 'Bed om flere oplysninger']] },
      { name: 'approvedAmountDkk', label: 'Bevilget beløb (kr.)', type: 'number', inputmode: 'numeric', value: String(s.amountDkk), hint: 'Kun ved bevilling' },
      { name: 'note', label: 'Note til konsulenten', type: 'textarea', rows: 2, hint: 'Skal udfyldes, når I beder om flere oplysninger' },
    ],
    body: (v) => ({ decision: v.decision, approvedAmountDkk: v.decision === 'approved' && v.approvedAmountDkk !== '' ? Number(v.approvedAmountDkk) : undefined, note: v.note || undefined }),
    // One Idempotency-Key per submission (form() keeps it until the answer succeeded): a double click is one answer.
    send: (b, key) => api('POST', `/api/subsidies/${encodeURIComponent(s.subsidyId)}/decision`, b, key),
    done: async (r) => {
      say(`Svaret på anmodningen fra sag ${s.injuryCaseRef} er sendt: ${{ approved: 'bevilget', rejected: 'afslået', 'info-requested': 'flere oplysninger bedt om' }[r.status] ?? r.status}.`);
      await inboxPage();
    },
  });
  return h(
    'article',
    { className: 'card-ish', id: `subsidy-${s.subsidyId}` },
    h('h2', { className: 'h3' }, `Tilskud: ${SUBSIDY_KIND[s.kind] ?? s.kind}, ${kr(s.amountDkk)} – sag `, caseLink(s.caseId, s.injuryCaseRef)),
    h('dl', { className: 'facts' }, [
      [h('dt', {}, 'Spurgt'), h('dd', {}, when(s.askedAt))],
      [h('dt', {}, 'Beskrivelse'), h('dd', {}, s.description)],
      [h('dt', {}, 'Begrundelse'), h('dd', {}, s.justification)],
      s.expectedEffect ? [h('dt', {}, 'Forventet effekt'), h('dd', {}, s.expectedEffect)] : [],
      s.round > 1 ? [h('dt', {}, 'Runde'), h('dd', {}, String(s.round))] : [],
    ]),
    f.el,
  );
}

function consultationAnswer(q) {
  const f = form({
    submit: 'Send høringssvar',
    fields: [{ name: 'answer', label: 'Høringssvar', type: 'textarea', required: true }],
    body: (v) => ({ answer: v.answer }),
    send: (b, key) => api('POST', `/api/cases/${encodeURIComponent(q.caseId)}/insurer-consultations/${encodeURIComponent(q.consultationId)}/answer`, b, key),
    done: async () => {
      say(`Høringssvaret på sag ${q.injuryCaseRef} er sendt.`);
      await inboxPage();
    },
  });
  return h(
    'article',
    { className: 'card-ish', id: `consultation-${q.consultationId}` },
    h('h2', { className: 'h3' }, 'Høring før afgørelse – sag ', caseLink(q.caseId, q.injuryCaseRef, 'jura')),
    h('p', {}, h('strong', {}, `Spurgt ${q.askedOn}: `), q.question),
    f.el,
  );
}

// ---- supervisor pages --------------------------------------------------------------------------

function params() {
  return Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] ?? ''));
}

function filterForm(fields, onsubmit, extra = []) {
  const f = h('form', { className: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    onsubmit(Object.fromEntries(new FormData(f).entries()));
  } });
  for (const x of fields) f.append(h('div', { className: 'form-group' }, h('label', { className: 'form-label', for: x.name }, x.label), x.control));
  f.append(h('div', { className: 'form-actions' }, h('button', { type: 'submit', className: 'button button-primary' }, 'Filtrér'), ...extra));
  return f;
}

const municipalityInput = (value) =>
  h('input', { className: 'form-input input-width-xs', id: 'municipality', name: 'municipality', inputmode: 'numeric', pattern: '\\d{3}', maxlength: 3, value: value ?? '', title: 'Tre cifre, fx 751' });

async function exportCsv(p) {
  try {
    const blob = await api('GET', `/api/supervisor/stuck.csv${query(p)}`);
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `fastlaaste-sager.csv` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say('CSV-filen er hentet.');
  } catch (err) {
    say(`Eksporten mislykkedes: ${err.message}`, true);
  }
}

async function stuckPage() {
  const p = params();
  // A page of rows at a time: thousands of rows (a national list) would take seconds to fetch and draw.
  const wanted = Math.max(1, Number.parseInt(p.page ?? '1', 10) || 1);
  const data = await api(
    'GET',
    `/api/supervisor/stuck${query({ code: p.code, municipality: p.municipality, refresh: p.refresh, limit: STUCK_PAGE_SIZE, offset: (wanted - 1) * STUCK_PAGE_SIZE })}`,
  );
  const code = h('select', { className: 'form-select', id: 'code', name: 'code' }, h('option', { value: '' }, 'Alle årsager'), Object.entries(data.labels).map(([v, l]) => h('option', { value: v, selected: p.code === v }, l)));
  const f = filterForm(
    [
      { name: 'code', label: 'Årsag', control: code },
      { name: 'municipality', label: 'Kommune', control: municipalityInput(p.municipality) },
    ],
    (x) => (location.hash = `#/stuck${query(x)}`),
    [h('button', { type: 'button', className: 'button button-secondary', onclick: () => exportCsv({ code: p.code, municipality: p.municipality }) }, 'Eksportér CSV')],
  );
  const pages = Math.max(1, Math.ceil(data.total / STUCK_PAGE_SIZE));
  const page = Math.min(pages, wanted);
  const rows = data.items.map((c) =>
    h(
      'tr',
      {},
      h('td', {}, caseLink(c.caseId, c.injuryCaseRef ?? c.citizenRef ?? c.caseId)),
      h('td', {}, c.municipalityCode),
      h('td', {}, STATUS[c.status] ?? c.status),
      h('td', {}, h('ul', { className: 'reasons' }, c.reasons.map((r) => h('li', {}, h('strong', {}, data.labels[r.code] ?? r.code), ` (siden ${r.since}): ${r.detail}`)))),
      h('td', { className: 'num' }, c.ageDays),
    ),
  );
  const checked = data.workflowsCheckedAt ? new Date(data.workflowsCheckedAt).toLocaleTimeString('da-DK', { timeZone: 'Europe/Copenhagen' }) : 'ikke muligt lige nu';
  show(
    'Fastlåste sager',
    f,
    h('p', {}, `Motoren (Temporal) er tjekket kl. ${checked}. `, h('a', { href: `#/stuck${query({ ...p, refresh: 'true' })}` }, 'Tjek igen nu')),
    table(
      `${count(data.total, 'fastlåst sag', 'fastlåste sager')}, ældste først${pages > 1 ? ` (side ${page} af ${pages})` : ''}`,
      ['Sag', 'Kommune', 'Status', 'Årsager', { label: 'Alder (dage)', num: true }],
      rows,
      'Ingen fastlåste sager.',
    ),
    pages > 1 ? pager(page, pages, (n) => `#/stuck${query({ ...p, refresh: undefined, page: String(n) })}`) : null,
  );
}

const STUCK_PAGE_SIZE = 100;

/** DKFDS pagination: previous, "Side x af y", next (links into the same list). */
function pager(page, pages, href) {
  return h(
    'nav',
    { className: 'pagination', 'aria-label': 'Sider' },
    h(
      'ul',
      { className: 'pagination__items' },
      page > 1 ? h('li', { className: 'pagination-item' }, h('a', { href: href(page - 1), className: 'button button-secondary', rel: 'prev' }, 'Forrige side')) : null,
      h('li', { className: 'pagination-item pagination-number' }, h('span', { 'aria-current': 'page' }, `Side ${page} af ${pages}`)),
      page < pages ? h('li', { className: 'pagination-item' }, h('a', { href: href(page + 1), className: 'button button-secondary', rel: 'next' }, 'Næste side')) : null,
    ),
  );
}

async function deadlinesPage() {
  const p = params();
  const withinDays = p.withinDays || '56';
  const data = await api('GET', `/api/supervisor/deadlines${query({ withinDays, municipality: p.municipality })}`);
  const f = filterForm(
    [
      { name: 'withinDays', label: 'Antal dage frem', control: h('input', { className: 'form-input input-width-xs', id: 'withinDays', name: 'withinDays', type: 'number', min: 0, max: 366, value: withinDays }) },
      { name: 'municipality', label: 'Kommune', control: municipalityInput(p.municipality) },
    ],
    (x) => (location.hash = `#/deadlines${query(x)}`),
  );
  const rows = data.items.map((c) =>
    h(
      'tr',
      {},
      h('td', {}, c.limitDate),
      h('td', { className: 'num' }, c.daysLeft),
      h('td', {}, caseLink(c.caseId, c.injuryCaseRef ?? c.citizenRef ?? c.caseId, 'sygedagpenge')),
      h('td', {}, c.municipalityCode),
      h('td', {}, c.caseworkerName ?? ''),
      h('td', { className: 'num' }, c.openTasks),
      h('td', {}, dateText(c.nextTaskDueOn)),
    ),
  );
  show(
    'Frister: varighedsbegrænsning',
    f,
    table(
      `${count(data.total, 'sag når', 'sager når')} varighedsbegrænsningen ${data.from} – ${data.to}${data.total > data.items.length ? ` (viser ${data.items.length})` : ''}`,
      ['Varighedsbegrænsning', { label: 'Dage tilbage', num: true }, 'Sag', 'Kommune', 'Sagsbehandler', { label: 'Åbne opgaver', num: true }, 'Næste opgavefrist'],
      rows,
      'Ingen sager når grænsen i perioden.',
    ),
  );
}

async function overduePage() {
  const p = params();
  const data = await api('GET', `/api/supervisor/overdue-tasks${query({ municipality: p.municipality })}`);
  const f = filterForm([{ name: 'municipality', label: 'Kommune', control: municipalityInput(p.municipality) }], (x) => (location.hash = `#/overdue${query(x)}`));
  const rows = data.owners.map((o) =>
    h('tr', {}, h('td', {}, o.owner.name), h('td', {}, o.owner.email), h('td', { className: 'num' }, o.overdue), h('td', { className: 'num' }, o.escalated), h('td', {}, o.oldestDueOn)),
  );
  show(
    'Opgaver over fristen pr. ansvarlig',
    f,
    table(`${count(data.owners.length, 'ansvarlig', 'ansvarlige')} med opgaver over fristen`, ['Ansvarlig', 'E-mail', { label: 'Over fristen', num: true }, { label: 'Eskaleret', num: true }, 'Ældste frist'], rows, 'Ingen opgaver over fristen.'),
  );
}

// ---- router ------------------------------------------------------------------------------------

const noAccess = () => show('Ingen adgang', h('p', {}, 'Siden er ikke for din rolle. '), h('p', {}, h('a', { href: home() }, 'Gå til din forside')));

async function route() {
  const path = location.hash.replace(/^#/, '').split('?')[0] || '/';
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    renderNav();
    loginPage();
    return showFlash();
  }
  try {
    me ??= await api('GET', '/api/me');
  } catch {
    return;
  }
  renderNav();
  const role = me.role;
  const staff = role === 'consultant' || role === 'caseworker';
  try {
    const caseMatch = /^\/cases\/([A-Za-z0-9-]+)(?:\/([a-z]+))?$/.exec(path);
    if (caseMatch) {
      await casePage(me, caseMatch[1], caseMatch[2]);
      return showFlash();
    }
    switch (path) {
      case '/login':
        return loginPage();
      case '/tasks':
        return staff ? await tasksPage() : noAccess();
      case '/cases':
        return staff ? await myCasesPage() : noAccess();
      case '/new-case':
        return staff ? intakePage(me) : noAccess();
      case '/all-cases':
        return await allCasesPage();
      case '/inbox':
        return role === 'insurer' ? await inboxPage() : noAccess();
      case '/stuck':
        return role === 'supervisor' ? await stuckPage() : noAccess();
      case '/deadlines':
        return role === 'supervisor' ? await deadlinesPage() : noAccess();
      case '/overdue':
        return role === 'supervisor' ? await overduePage() : noAccess();
      case '/retention-report':
        return role === 'supervisor' ? await retentionReportPage() : noAccess();
      default:
        location.hash = home();
    }
  } catch (err) {
    return failed(err);
  } finally {
    if (!/^\/cases\//.test(path)) showFlash();
  }
}

function failed(err) {
  {
    if (err instanceof ApiError && err.status === 401) return;
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
      return show(err.status === 404 ? 'Findes ikke' : 'Ingen adgang', h('p', {}, err.status === 404 ? 'Sagen findes ikke, eller du har ikke adgang til den.' : 'Du har ikke adgang til dette.'), h('p', {}, h('a', { href: home() }, 'Gå til din forside')));
    }
    show('Noget gik galt', h('p', {}, err.message), h('p', {}, h('a', { href: location.hash }, 'Prøv igen')));
  }
}

window.addEventListener('hashchange', () => {
  say('');
  void route();
});
void route();
