// The dashboard: plain ES module, hash routes, fetch with the bearer token from sessionStorage.
// Everything is built with DOM APIs and textContent (no HTML strings), so case data cannot inject markup.

const TOKEN_KEY = 'retention-token';
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const statusLine = document.getElementById('status');

const STATUS = { screening: 'Visitation', active: 'Aktiv', aftercare: 'Efterværn', closed: 'Lukket', rejected: 'Afvist' };
const TASK_KIND = {
  'complete-screening': 'Visitation',
  action: 'Handling',
  'send-minutes': 'Send referat',
  'contact-employer': 'Kontakt arbejdsgiver',
  revision: 'Revision',
  'confirm-payment': 'Bekræft betaling',
  'aftercare-check-in': 'Opfølgning (efterværn)',
  other: 'Andet',
};
const ROLE = { consultant: 'konsulent', caseworker: 'sagsbehandler', supervisor: 'leder', insurer: 'forsikring', union: 'fagforening', employer: 'arbejdsgiver' };

let me = null;

// ---- small DOM helpers -------------------------------------------------------------------------

/** Creates an element; attrs starting with "on" are listeners; children are nodes or text. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'className') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function say(text, error = false) {
  statusLine.textContent = text;
  statusLine.className = error ? 'status error' : 'status';
}

function show(title, ...content) {
  document.title = `${title} – Fastholdelsessager`;
  main.replaceChildren(h('h1', {}, title), ...content);
  main.focus();
}

function table(caption, head, rows, empty) {
  if (rows.length === 0) return h('p', { className: 'muted' }, empty);
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col', className: c.num ? 'num' : undefined }, c.label ?? c)))),
    h('tbody', {}, rows),
  );
}

const caseLink = (caseId, label) => h('a', { href: `#/cases/${encodeURIComponent(caseId)}` }, label ?? caseId);
const badge = (text, kind) => h('span', { className: `badge ${kind}` }, text);
const dateText = (d) => d ?? '–';
const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

// ---- API ---------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
  }
}

// One Idempotency-Key per user action, kept until the action has succeeded: a retry (automatic after a
// lost connection, or the user clicking again after an error) is then answered once and never done twice.
const actionKeys = new Map();

function actionKey(action) {
  if (!actionKeys.has(action)) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    actionKeys.set(action, Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
  }
  return actionKeys.get(action);
}

/** Sends a request; with an `idempotencyKey` a lost connection or a 503 is retried (same key) a few times. */
async function api(method, path, body, idempotencyKey) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const send = () => fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let res;
  for (let attempt = 1; ; attempt++) {
    const last = !idempotencyKey || attempt === 3;
    try {
      res = await send();
    } catch (err) {
      if (last) throw err;
      await new Promise((r) => setTimeout(r, 500 * attempt));
      continue;
    }
    if (res.status !== 503 || last) break;
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
  if (res.status === 401) {
    signOut('Adgangsnøglen er ikke gyldig. Log ind igen.');
    throw new ApiError(401, null);
  }
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const data = isJson ? await res.json() : await res.blob();
  if (!res.ok) throw new ApiError(res.status, isJson ? data : null);
  return data;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---- sign in / out -----------------------------------------------------------------------------

function signOut(message) {
  // Also forget the Temporal UI codec cookie (it is HttpOnly: only the server can clear it).
  if (sessionStorage.getItem(TOKEN_KEY)) void fetch('/api/session/codec', { method: 'DELETE', headers: { authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` } }).catch(() => undefined);
  sessionStorage.removeItem(TOKEN_KEY);
  me = null;
  if (location.hash === '#/login') loginPage();
  else location.hash = '#/login';
  renderNav();
  if (message) say(message, true);
}

function renderNav() {
  nav.replaceChildren();
  who.replaceChildren();
  if (!me) return;
  const links =
    me.role === 'supervisor'
      ? [['#/stuck', 'Fastlåste sager'], ['#/deadlines', 'Frister'], ['#/overdue', 'Opgaver over frist']]
      : [['#/tasks', 'Mine opgaver'], ['#/cases', 'Mine sager']];
  const current = location.hash.split('?')[0];
  nav.append(h('ul', {}, links.map(([href, label]) => h('li', {}, h('a', { href, 'aria-current': current === href ? 'page' : undefined }, label)))));
  who.append(`${me.name} (${ROLE[me.role] ?? me.role}) `, h('button', { type: 'button', className: 'linkish', onclick: () => signOut('Du er logget ud.') }, 'Log ud'));
}

function loginPage() {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'token-help' });
  const form = h(
    'form',
    { className: 'login', onsubmit: async (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      try {
        me = await api('GET', '/api/me');
        // Lets the Temporal UI on this site decode case payloads for those allowed to read them.
        if (me.role === 'consultant' || me.role === 'supervisor') await api('POST', '/api/session/codec').catch(() => undefined);
        say(`Logget ind som ${me.name}.`);
        location.hash = me.role === 'supervisor' ? '#/stuck' : '#/tasks';
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 401)) say(`Kunne ikke logge ind: ${err.message}`, true);
      }
    } },
    h('label', { for: 'token' }, 'Adgangsnøgle'),
    input,
    h('p', { id: 'token-help', className: 'muted' }, 'Nøglen (rt_…) får du af din administrator. Den gemmes kun i denne fane.'),
    h('button', { type: 'submit' }, 'Log ind'),
  );
  show('Log ind', form);
  input.focus();
}

// ---- caseworker / consultant pages -------------------------------------------------------------

async function completeTask(task, button) {
  button.disabled = true;
  const action = `complete:${task.taskId}`;
  try {
    await api('POST', `/api/tasks/${encodeURIComponent(task.taskId)}/complete`, { note: 'Udført fra dashboardet' }, actionKey(action));
    actionKeys.delete(action);
    say(`Opgaven "${task.title}" er markeret som udført.`);
    await route();
  } catch (err) {
    button.disabled = false;
    say(`Opgaven kunne ikke markeres som udført: ${err.message}`, true);
  }
}

// Promises kept by their own act: the API refuses to tick them off (409 kept-elsewhere).
const KEPT_ELSEWHERE = {
  'send-minutes': 'Lukkes, når referatet sendes',
  revision: 'Lukkes ved en revisions- eller endelig afgørelse',
  'confirm-payment': 'Lukkes, når udbetalingen bekræftes',
};

function completeButton(t) {
  if (KEPT_ELSEWHERE[t.kind]) return h('span', { className: 'muted' }, KEPT_ELSEWHERE[t.kind]);
  return h('button', { type: 'button', onclick: (e) => completeTask(t, e.currentTarget), 'aria-label': `Markér "${t.title}" som udført` }, 'Markér som udført');
}

function taskFlags(t) {
  return [t.overdue ? badge('Over fristen', 'danger') : null, t.escalated ? badge('Eskaleret', 'warn') : null];
}

async function tasksPage() {
  const { items } = await api('GET', `/api/tasks${query({ owner: 'me', status: 'open' })}`);
  // Overdue first, then by due date (the API sorts by due date, which already puts overdue first).
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn));
  const rows = items.map((t) =>
    h(
      'tr',
      {},
      h('td', {}, t.dueOn, taskFlags(t)),
      h('td', {}, t.title),
      h('td', {}, TASK_KIND[t.kind] ?? t.kind),
      h('td', {}, caseLink(t.caseId)),
      h('td', {}, completeButton(t)),
    ),
  );
  show('Mine opgaver', table(`${count(items.length, 'åben opgave', 'åbne opgaver')}, dem over fristen først`, ['Frist', 'Opgave', 'Type', 'Sag', 'Handling'], rows, 'Du har ingen åbne opgaver.'));
}

async function myCasesPage() {
  const { items } = await api('GET', '/api/me/cases');
  const rows = items.map((c) =>
    h(
      'tr',
      {},
      h('td', {}, caseLink(c.caseId, c.injuryCaseRef)),
      h('td', {}, STATUS[c.status] ?? c.status),
      h('td', {}, c.municipalityCode),
      h('td', {}, dateText(c.nextDeadline)),
      h('td', {}, dateText(c.limitDate)),
      h('td', { className: 'num' }, c.openTasks),
    ),
  );
  show(
    'Mine sager',
    table(
      `${count(items.length, 'sag', 'sager')}, nærmeste frist først`,
      ['Sag', 'Status', 'Kommune', 'Næste frist', 'Varighedsbegrænsning', { label: 'Åbne opgaver', num: true }],
      rows,
      'Du har ingen åbne sager.',
    ),
  );
}

async function casePage(caseId) {
  const [c, { events }] = await Promise.all([api('GET', `/api/cases/${encodeURIComponent(caseId)}`), api('GET', `/api/cases/${encodeURIComponent(caseId)}/timeline`)]);
  const facts = [
    ['Status', STATUS[c.status] ?? c.status],
    ['Kommune', c.municipalityCode],
    ['Sagsbehandler', c.caseworker?.name],
    ['Konsulent', c.consultant?.name],
    ['Varighedsbegrænsning', c.sickPay?.limitDate],
    ['Næste påmindelse', c.sickPay?.nextReminderOn],
  ].filter(([, v]) => v);
  const canManage = me && ['consultant', 'caseworker', 'supervisor'].includes(me.role);
  const taskRows = (c.tasks ?? []).map((t) =>
    h(
      'tr',
      {},
      h('td', {}, t.dueOn, taskFlags(t)),
      h('td', {}, t.title),
      h('td', {}, t.owner?.name ?? ''),
      h('td', {}, t.status === 'open' ? 'Åben' : t.status === 'done' ? 'Udført' : 'Annulleret'),
      h(
        'td',
        {},
        t.status === 'open' && canManage
          ? completeButton(t)
          : '',
      ),
    ),
  );
  show(
    `Sag ${c.injuryCaseRef}`,
    h('dl', { className: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    h('h2', {}, 'Opgaver'),
    table('Sagens opgaver', ['Frist', 'Opgave', 'Ansvarlig', 'Status', 'Handling'], taskRows, 'Sagen har ingen opgaver.'),
    h('h2', {}, 'Tidslinje'),
    events.length === 0
      ? h('p', { className: 'muted' }, 'Ingen hændelser.')
      : h('ol', { className: 'timeline' }, events.map((e) => h('li', {}, h('time', { datetime: e.at }, new Date(e.at).toLocaleString('da-DK', { timeZone: 'Europe/Copenhagen' })), e.summary, h('span', { className: 'muted' }, ` – ${e.actor}`)))),
  );
}

// ---- supervisor pages --------------------------------------------------------------------------

function params() {
  return Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] ?? ''));
}

function filterForm(fields, onsubmit, extra = []) {
  const form = h('form', { className: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    onsubmit(Object.fromEntries(new FormData(form).entries()));
  } });
  for (const f of fields) form.append(h('div', {}, h('label', { for: f.name }, f.label), f.control));
  form.append(h('button', { type: 'submit' }, 'Filtrér'), ...extra);
  return form;
}

const municipalityInput = (value) =>
  h('input', { id: 'municipality', name: 'municipality', inputmode: 'numeric', pattern: '\\d{3}', maxlength: 3, value: value ?? '', title: 'Tre cifre, fx 751' });

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
  const data = await api('GET', `/api/supervisor/stuck${query({ code: p.code, municipality: p.municipality, refresh: p.refresh })}`);
  const code = h('select', { id: 'code', name: 'code' }, h('option', { value: '' }, 'Alle årsager'), Object.entries(data.labels).map(([v, l]) => h('option', { value: v, selected: p.code === v }, l)));
  const form = filterForm(
    [
      { name: 'code', label: 'Årsag', control: code },
      { name: 'municipality', label: 'Kommune', control: municipalityInput(p.municipality) },
    ],
    (f) => (location.hash = `#/stuck${query(f)}`),
    [h('button', { type: 'button', className: 'secondary', onclick: () => exportCsv({ code: p.code, municipality: p.municipality }) }, 'Eksportér CSV')],
  );
  const rows = data.items.map((c) =>
    h(
      'tr',
      {},
      h('td', {}, caseLink(c.caseId, c.injuryCaseRef)),
      h('td', {}, c.municipalityCode),
      h('td', {}, STATUS[c.status] ?? c.status),
      h('td', {}, h('ul', { className: 'reasons' }, c.reasons.map((r) => h('li', {}, h('strong', {}, data.labels[r.code] ?? r.code), ` (siden ${r.since}): ${r.detail}`)))),
      h('td', { className: 'num' }, c.ageDays),
    ),
  );
  const checked = data.workflowsCheckedAt ? new Date(data.workflowsCheckedAt).toLocaleTimeString('da-DK', { timeZone: 'Europe/Copenhagen' }) : 'ikke muligt lige nu';
  show(
    'Fastlåste sager',
    form,
    h('p', { className: 'muted' }, `Motoren (Temporal) er tjekket kl. ${checked}. `, h('a', { href: `#/stuck${query({ ...p, refresh: 'true' })}` }, 'Tjek igen nu')),
    table(`${count(data.items.length, 'fastlåst sag', 'fastlåste sager')}, ældste først`, ['Sag', 'Kommune', 'Status', 'Årsager', { label: 'Alder (dage)', num: true }], rows, 'Ingen fastlåste sager.'),
  );
}

async function deadlinesPage() {
  const p = params();
  const withinDays = p.withinDays || '56';
  const data = await api('GET', `/api/supervisor/deadlines${query({ withinDays, municipality: p.municipality })}`);
  const form = filterForm(
    [
      { name: 'withinDays', label: 'Antal dage frem', control: h('input', { id: 'withinDays', name: 'withinDays', type: 'number', min: 0, max: 366, value: withinDays }) },
      { name: 'municipality', label: 'Kommune', control: municipalityInput(p.municipality) },
    ],
    (f) => (location.hash = `#/deadlines${query(f)}`),
  );
  const rows = data.items.map((c) =>
    h(
      'tr',
      {},
      h('td', {}, c.limitDate),
      h('td', { className: 'num' }, c.daysLeft),
      h('td', {}, caseLink(c.caseId, c.injuryCaseRef)),
      h('td', {}, c.municipalityCode),
      h('td', {}, c.caseworkerName ?? ''),
      h('td', { className: 'num' }, c.openTasks),
      h('td', {}, dateText(c.nextTaskDueOn)),
    ),
  );
  show(
    'Frister: varighedsbegrænsning',
    form,
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
  const form = filterForm([{ name: 'municipality', label: 'Kommune', control: municipalityInput(p.municipality) }], (f) => (location.hash = `#/overdue${query(f)}`));
  const rows = data.owners.map((o) =>
    h('tr', {}, h('td', {}, o.owner.name), h('td', {}, o.owner.email), h('td', { className: 'num' }, o.overdue), h('td', { className: 'num' }, o.escalated), h('td', {}, o.oldestDueOn)),
  );
  show(
    'Opgaver over fristen pr. ansvarlig',
    form,
    table(`${count(data.owners.length, 'ansvarlig', 'ansvarlige')} med opgaver over fristen`, ['Ansvarlig', 'E-mail', { label: 'Over fristen', num: true }, { label: 'Eskaleret', num: true }, 'Ældste frist'], rows, 'Ingen opgaver over fristen.'),
  );
}

// ---- router ------------------------------------------------------------------------------------

async function route() {
  const path = location.hash.replace(/^#/, '').split('?')[0] || '/';
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    renderNav();
    return loginPage();
  }
  try {
    me ??= await api('GET', '/api/me');
  } catch {
    return;
  }
  renderNav();
  const supervisor = me.role === 'supervisor';
  try {
    const caseMatch = /^\/cases\/([A-Za-z0-9-]+)$/.exec(path);
    if (caseMatch) return await casePage(caseMatch[1]);
    switch (path) {
      case '/login':
        return loginPage();
      case '/tasks':
        return await tasksPage();
      case '/cases':
        return await myCasesPage();
      case '/stuck':
        return supervisor ? await stuckPage() : show('Ingen adgang', h('p', {}, 'Siden er for ledere.'));
      case '/deadlines':
        return supervisor ? await deadlinesPage() : show('Ingen adgang', h('p', {}, 'Siden er for ledere.'));
      case '/overdue':
        return supervisor ? await overduePage() : show('Ingen adgang', h('p', {}, 'Siden er for ledere.'));
      default:
        location.hash = supervisor ? '#/stuck' : '#/tasks';
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    show('Noget gik galt', h('p', {}, err instanceof ApiError && err.status === 404 ? 'Sagen findes ikke, eller du har ikke adgang til den.' : err.message));
  }
}

window.addEventListener('hashchange', () => void route());
void route();
