// Shared pieces of the workbench: DOM helper, the API client (bearer token, Idempotency-Key, problem+json),
// and DKFDS forms whose server-side errors land next to their fields (error summary + field error).
// Everything is built with DOM APIs and textContent (no HTML strings), so case data cannot inject markup.

export const TOKEN_KEY = 'retention-token';

export const STATUS = { screening: 'Visitation', active: 'Aktiv', aftercare: 'Efterværn', closed: 'Lukket', rejected: 'Afvist' };
export const ROLE = { consultant: 'konsulent', caseworker: 'sagsbehandler', supervisor: 'leder', insurer: 'forsikring', union: 'fagforening', employer: 'arbejdsgiver' };
export const TASK_KIND = {
  'complete-screening': 'Visitation',
  action: 'Handling',
  'send-minutes': 'Send referat',
  'contact-employer': 'Kontakt arbejdsgiver',
  revision: 'Revision',
  'confirm-payment': 'Bekræft betaling',
  'aftercare-check-in': 'Opfølgning (efterværn)',
  'fast-track-answers': 'Svar på de tre spørgsmål',
  'first-conversation': 'Første opfølgningssamtale',
  'plan-milestone': 'Delmål i fastholdelsesplanen',
  'early-roundtable': 'Tidlig rundbordssamtale',
  'high-risk-follow-up': 'Opfølgning (høj risiko)',
  other: 'Andet',
};

/** Creates an element; attrs starting with "on" are listeners; children are nodes or text. */
export function h(tag, attrs = {}, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'className') el.setAttribute('class', v);
    else if (k === 'value' && !svg) el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const statusLine = () => document.getElementById('status');

/** A short message in the live region under the header (success or failure of the last action). */
export function say(text, error = false) {
  const el = statusLine();
  el.replaceChildren();
  if (!text) return;
  el.append(h('div', { className: `alert ${error ? 'alert-error' : 'alert-success'}` }, h('div', { className: 'alert-body' }, h('p', { className: 'alert-text' }, text))));
}

let flashed = null;
/** A message for the page the next navigation shows (say() would be cleared by the navigation). */
export function flash(text, error = false) {
  flashed = { text, error };
}
/** Shows a flashed message, once. */
export function showFlash() {
  if (flashed) say(flashed.text, flashed.error);
  flashed = null;
}

/** Replaces the page: one h1 and its content; focus moves to main so screen readers start there. */
export function show(title, ...content) {
  document.title = `${title} – Fastholdelsessager`;
  const main = document.getElementById('main');
  // Like h(): absent parts (null, undefined, false) are left out, not shown as text.
  main.replaceChildren(h('h1', {}, title), ...content.filter((c) => c !== null && c !== undefined && c !== false));
  main.focus();
}

export function table(caption, head, rows, empty) {
  if (rows.length === 0) return h('p', { className: 'muted' }, empty);
  return h(
    'div',
    { className: 'table--responsive-scroll' },
    h(
      'table',
      { className: 'table table--zebra' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col', className: c.num ? 'num' : undefined }, c.label ?? c)))),
      h('tbody', {}, rows),
    ),
  );
}

export const caseLink = (caseId, label, tab) => h('a', { href: `#/cases/${encodeURIComponent(caseId)}${tab ? `/${tab}` : ''}` }, label ?? caseId);
export const badge = (text, kind) => h('span', { className: `badge badge-${kind}` }, text);
export const dateText = (d) => d ?? '–';
export const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
export const kr = (n) => (n == null ? '–' : `${Number(n).toLocaleString('da-DK')} kr.`);
export const when = (iso) => (iso ? new Date(iso).toLocaleString('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' }) : '–');
/** Today as a Copenhagen calendar date (YYYY-MM-DD). */
export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Copenhagen' });

// ---- API ---------------------------------------------------------------------------------------

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail || body?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = body ?? {};
  }
}

/** A fresh random Idempotency-Key (one per form submission; kept for its retries). */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

let onUnauthorised = () => undefined;
/** What a 401 does (the shell signs out and shows the sign-in page). */
export function setUnauthorisedHandler(fn) {
  onUnauthorised = fn;
}

/** Sends a request; with an `idempotencyKey` a lost connection or a 503 is retried (same key) a few times. */
export async function api(method, path, body, idempotencyKey) {
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
    onUnauthorised('Din adgangsnøgle er ikke gyldig længere. Log ind igen.');
    throw new ApiError(401, null);
  }
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  const data = isJson ? await res.json() : await res.blob();
  if (!res.ok) throw new ApiError(res.status, isJson ? data : null);
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---- forms -------------------------------------------------------------------------------------

// The API's validation messages are English (the contract); the common ones read in Danish here.
const MESSAGES_DA = [
  [/^required when the employer asks for the fast track$/, 'skal udfyldes, når arbejdsgiveren anmoder om fasttrack'],
  [/^required for a fast-track referral$/, 'skal udfyldes ved fasttrack'],
  [/^required for a partial return$/, 'skal udfyldes ved delvis tilbagevenden'],
  [/^give at least one of answers, employeeConsent, firstConversationOn$/, 'udfyld mindst ét af felterne'],
  [/^Invalid input: expected boolean, received undefined$/, 'skal besvares'],
  [/^must not be empty$|^required/, 'skal udfyldes'],
  [/^must be an email address$/, 'skal være en e-mailadresse, fx navn@eksempel.dk'],
  [/^must be an 8-digit CVR number$/, 'skal være et CVR-nummer på 8 cifre'],
  [/^must be a 3-digit municipality code$/, 'skal være en kommunekode på 3 cifre, fx 751'],
  [/^must be more than 0$/, 'skal være mere end 0'],
  [/^must be a whole number of kroner$/, 'skal være et helt antal kroner'],
  [/^must be at least (\d+) characters/, 'skal være mindst $1 tegn'],
  [/must be a date|YYYY-MM-DD|invalid date/i, 'skal være en gyldig dato'],
  [/^give at least one agenda item$/, 'angiv mindst ét punkt på dagsordenen'],
  [/^give at least one participant$/, 'angiv mindst én deltager'],
  [/^must be 3-40 letters, digits.*$/, 'skal være 3–40 bogstaver, cifre, "/", "_", "." eller "-" (intet CPR-nummer)'],
  [/^must be a whole number$/, 'skal være et helt tal'],
  [/^Too small: expected number to be >=?(\d+(?:\.\d+)?)$/, 'skal være mindst $1'],
  [/^Too big: expected number to be <=?(\d+(?:\.\d+)?)$/, 'må højst være $1'],
  [/^Invalid input: expected number, received NaN$/, 'skal være et tal'],
  [/^must be an ISO-8601 instant with offset$/, 'skal være et tidspunkt (dato og klokkeslæt)'],
];
export function danish(message) {
  for (const [re, da] of MESSAGES_DA) if (re.test(message)) return message.replace(re, da);
  return message;
}

let formSeq = 0;

/**
 * A DKFDS form. `fields`: [{name, label, type, options, hint, value, required, paths}], where `name` is
 * the body path the server names in `errors[].path` (e.g. "citizen.email"); `paths` lists extra paths
 * (prefixes) shown on the same field. `body(values)` builds the request body from the named values;
 * `send(body, key)` posts it (one Idempotency-Key per form until it succeeds, so a double click or a retry
 * is one command); `done(result)` runs after success; `conflict(err, form)` may handle a 409/422 itself.
 */
export function form({ fields, submit, body, send, done, conflict, className, secondary, legend }) {
  const id = `f${++formSeq}`;
  let key = newKey();
  const summary = h('div', { className: 'error-summary-holder', tabindex: '-1' });
  const groups = new Map();
  const controls = new Map();
  const el = h('form', { className: className ?? 'form-stack', novalidate: true, id });

  for (const f of fields) {
    if (f.section) {
      el.append(h('h3', { className: 'h4 form-section', id: f.id }, f.section));
      continue;
    }
    const fid = `${id}-${f.name.replace(/[^A-Za-z0-9]/g, '-')}`;
    const hintId = f.hint ? `${fid}-hint` : undefined;
    let control;
    if (f.type === 'select') {
      control = h('select', { className: 'form-select', id: fid, name: f.name }, f.options.map(([v, l]) => h('option', { value: v, selected: String(f.value ?? '') === v }, l)));
    } else if (f.type === 'textarea') {
      control = h('textarea', { className: 'form-input', id: fid, name: f.name, rows: f.rows ?? 4 });
      control.value = f.value ?? '';
    } else if (f.type === 'checkbox') {
      control = h('input', { type: 'checkbox', className: 'form-checkbox', id: fid, name: f.name, checked: f.value === true });
    } else {
      control = h('input', {
        className: 'form-input',
        id: fid,
        name: f.name,
        type: f.type ?? 'text',
        inputmode: f.inputmode,
        autocomplete: f.autocomplete ?? 'off',
        value: f.value ?? '',
      });
    }
    if (f.required) control.setAttribute('aria-required', 'true');
    if (hintId) control.setAttribute('aria-describedby', hintId);
    controls.set(f.name, control);
    const label = h('label', { className: 'form-label', for: fid }, f.label, f.required || f.type === 'select' || f.type === 'checkbox' ? '' : h('span', { className: 'weight-normal' }, ' (valgfri)'));
    const errorSlot = h('span', { className: 'form-error-message', id: `${fid}-error`, hidden: true });
    const group =
      f.type === 'checkbox'
        ? h('div', { className: 'form-group' }, errorSlot, h('div', { className: 'form-group-checkbox' }, control, label), f.hint ? h('span', { className: 'form-hint', id: hintId }, f.hint) : null)
        : h('div', { className: 'form-group' }, label, f.hint ? h('span', { className: 'form-hint', id: hintId }, f.hint) : null, errorSlot, control);
    groups.set(f.name, { group, errorSlot, control, field: f, hintId });
    el.append(group);
  }
  const button = h('button', { type: 'submit', className: 'button button-primary' }, submit);
  el.prepend(legend ? h('p', { className: 'form-legend' }, legend) : '', summary);
  el.append(h('div', { className: 'form-actions' }, button, secondary ?? ''));

  function clearErrors() {
    summary.replaceChildren();
    for (const g of groups.values()) {
      g.group.classList.remove('form-error');
      g.errorSlot.hidden = true;
      g.errorSlot.replaceChildren();
      g.control.removeAttribute('aria-invalid');
      g.control.setAttribute('aria-describedby', g.hintId ?? '');
      if (!g.hintId) g.control.removeAttribute('aria-describedby');
    }
  }

  /** The field an error path belongs to: exact name, a listed extra path, or the longest name prefix. */
  function groupFor(path) {
    if (groups.has(path)) return groups.get(path);
    let best;
    for (const g of groups.values()) {
      const names = [g.field.name, ...(g.field.paths ?? [])];
      for (const n of names) if ((path === n || path.startsWith(`${n}.`)) && (!best || n.length > best[0].length)) best = [n, g];
    }
    return best?.[1] ?? [...groups.values()][0];
  }

  /** Shows problem+json `errors` next to their fields and in a DKFDS error summary at the top. */
  function showErrors(errors, heading = 'Der er problemer med formularen') {
    clearErrors();
    const items = [];
    for (const e of errors) {
      const g = groupFor(e.path ?? '');
      const text = `${g.field.label}: ${danish(e.message)}`;
      g.group.classList.add('form-error');
      g.errorSlot.hidden = false;
      g.errorSlot.append(h('span', { className: 'sr-only' }, 'Fejl: '), danish(e.message), h('br'));
      g.control.setAttribute('aria-invalid', 'true');
      g.control.setAttribute('aria-describedby', [g.hintId, g.errorSlot.id].filter(Boolean).join(' '));
      items.push(h('li', {}, h('a', { href: `#${g.control.id}`, className: 'function-link', onclick: (ev) => (ev.preventDefault(), g.control.focus()) }, text)));
    }
    summary.append(
      h('div', { className: 'alert alert-error error-summary', role: 'alert' }, h('div', { className: 'alert-body' }, h('p', { className: 'alert-heading' }, heading), h('ul', { className: 'alert-text nobullet-list' }, items))),
    );
    summary.focus();
  }

  function showMessage(text, next, kind = 'alert-warning') {
    clearErrors();
    summary.append(h('div', { className: `alert ${kind}`, role: 'alert' }, h('div', { className: 'alert-body' }, h('p', { className: 'alert-heading' }, text), next ? h('div', { className: 'alert-text' }, next) : '')));
    summary.focus();
  }

  function values() {
    const v = {};
    for (const [name, c] of controls) v[name] = c.type === 'checkbox' ? c.checked : c.value.trim();
    return v;
  }

  let busy = false;
  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return; // a double click sends one command
    busy = true;
    button.disabled = true;
    try {
      const result = await send(body(values()), key);
      key = newKey();
      clearErrors();
      await done?.(result, api);
    } catch (err) {
      if (!(err instanceof ApiError)) showMessage(`Det lykkedes ikke: ${err.message}`, 'Prøv igen om lidt.', 'alert-error');
      else if (err.status === 401) return;
      else if ((err.status === 409 || err.status === 422) && conflict && (await conflict(err, handle))) return;
      else if (err.problem.errors?.length) showErrors(err.problem.errors);
      else if (err.status === 403 || err.status === 404) showMessage('Du har ikke adgang til at gøre dette på sagen.', err.message, 'alert-error');
      else if (err.status === 409 || err.status === 422) showMessage('Handlingen blev afvist', [h('p', {}, nextStep(err)), h('p', { className: 'muted' }, `Begrundelse: ${err.message}`)], 'alert-warning');
      else showMessage(`Det lykkedes ikke (${err.status}).`, err.message, 'alert-error');
    } finally {
      busy = false;
      button.disabled = false;
    }
  });

  const handle = { el, showErrors, showMessage, values, controls, clearErrors, setKey: (k) => (key = k) };
  return handle;
}

/** What to do next after a 409/422, in Danish. */
export function nextStep(err) {
  const t = err.problem.type ?? '';
  if (t.endsWith('phase')) return 'Sagens status tillader ikke dette nu. Genindlæs sagen og se, hvad der mangler.';
  if (t.endsWith('future-date')) return 'Datoen må ikke ligge i fremtiden.';
  if (t.endsWith('idempotency-key-reused')) return 'Indsend formularen igen.';
  if (t.endsWith('decision-conflict') || t.endsWith('withdrawn')) return 'Anmodningen er allerede afgjort eller trukket tilbage. Genindlæs siden.';
  if (t.endsWith('milestone-closed')) return 'Delmålet er allerede nået eller annulleret. Genindlæs siden; tilføj et nyt delmål, hvis planen ændres.';
  if (t.endsWith('past-date')) return 'Datoen må ikke ligge før i dag.';
  if (t.endsWith('fast-track-exists')) return 'Sagen har allerede et fasttrack. Registrér i stedet fremdrift på det.';
  if (t.endsWith('case-kind')) return 'Det gælder ikke denne slags sag.';
  if (t.endsWith('invalid-period')) return 'Perioden passer ikke med de registrerede perioder. Se sygeperioderne og ret datoerne.';
  if (t.endsWith('kept-elsewhere')) return 'Opgaven lukkes af sin egen handling (fx ved at sende referatet, bekræfte betalingen eller registrere fremdrift under Fasttrack eller Fastholdelsesplan).';
  return 'Genindlæs siden og prøv igen.';
}

/** Shows or hides a form's fields (by name) and extra elements (by id) together, e.g. the fast-track fields. */
export function toggleFields(handle, names, ids, visible) {
  for (const n of names) {
    const group = handle.controls.get(n)?.closest('.form-group');
    if (group) group.hidden = !visible;
  }
  for (const id of ids) {
    const el = handle.el.querySelector(`#${id}`);
    if (el) el.hidden = !visible;
  }
}

/** A modal DKFDS dialog (native <dialog>: focus stays inside, Escape closes). Returns {el, close}. */
export function dialog(title, ...content) {
  const titleId = `d${++formSeq}-title`;
  const close = () => {
    d.close();
    d.remove();
  };
  const d = h(
    'dialog',
    { className: 'fds-modal show-modal', 'aria-labelledby': titleId },
    h(
      'div',
      { className: 'modal-content' },
      h('div', { className: 'modal-header' }, h('h2', { className: 'modal-title', id: titleId }, title), h('button', { type: 'button', className: 'modal-close function-link', onclick: close }, 'Luk')),
      h('div', { className: 'modal-body' }, ...content),
    ),
  );
  d.addEventListener('close', () => d.remove());
  document.body.append(d);
  d.showModal();
  return { el: d, close };
}
