// The citizen's own page: the link in the email carries the token in the fragment (never sent to a
// server); the page keeps it in this tab, reads GET /api/citizen/case and shows the plain-Danish view.
import { h, table, when } from './lib.js';

const KEY = 'citizen-token';
const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromLink) {
  sessionStorage.setItem(KEY, fromLink);
  // The token leaves the address bar (and the browser history) at once.
  history.replaceState(null, '', location.pathname);
}
const token = sessionStorage.getItem(KEY);
const main = document.getElementById('main');

/** Replaces the page with a title and content; focus to main so screen readers start there. */
function page(title, ...content) {
  document.title = `${title} – Fastholdelsescentret`;
  main.replaceChildren(h('h1', {}, title), ...content);
  main.focus();
}

function notice(kind, heading, text) {
  return h('div', { className: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : undefined }, h('div', { className: 'alert-body' }, h('p', { className: 'alert-heading' }, heading), text ? h('p', { className: 'alert-text' }, text) : ''));
}

/** The page when the link does not (or no longer) open the case: no sign-in for citizens, a new link instead. */
function noAccess(heading, text) {
  sessionStorage.removeItem(KEY);
  page('Din sag', notice('error', heading, text), h('p', {}, 'Dit link er personligt. Din konsulent i Fastholdelsescentret kan sende dig et nyt til din e-mail.'));
}

const section = (id, title, ...content) => h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...content);
const list = (items, line, empty) => (items.length ? h('ul', {}, items.map((i) => h('li', {}, line(i)))) : h('p', {}, empty));

function render(c) {
  document.getElementById('who').replaceChildren(c.name ?? '');
  page(
    `Din sag ${c.injuryCaseRef}`,
    h('p', { className: 'font-lead' }, c.statusText),
    h('p', {}, c.sickPay.text),
    section(
      'h-plan',
      'Din plan',
      list(c.plan ?? [], (p) => `${p.what} – aftalt ${p.agreedAt}, senest ${p.dueOn}`, 'Der er ikke aftalt en plan endnu. Den aftales på et møde med dig.'),
    ),
    section(
      'h-next',
      'Næste skridt',
      list(c.nextSteps ?? [], (p) => [h('strong', {}, p.title), ` – ${p.owner}, senest ${p.dueOn}`, p.overdue ? ' (fristen er overskredet)' : ''], 'Der er ingen åbne skridt lige nu.'),
    ),
    section(
      'h-promises',
      'Alt, der er lovet',
      table('Hvem har lovet hvad, og hvornår', ['Hvad', 'Hvem', 'Frist', 'Status'], (c.promises ?? []).map((p) => h('tr', {}, h('td', {}, p.title), h('td', {}, p.owner), h('td', {}, p.dueOn), h('td', {}, p.status, p.overdue ? ' (fristen er overskredet)' : ''))), 'Der er ikke lovet noget endnu.'),
    ),
    section(
      'h-meetings',
      'Møder',
      table('Dine møder', ['Hvornår', 'Hvor', 'Formål', 'Status'], (c.meetings ?? []).map((m) => h('tr', {}, h('td', {}, when(m.when)), h('td', {}, m.where), h('td', {}, m.purpose), h('td', {}, m.status, m.minutesSent ? ', referat sendt' : ''))), 'Der er ikke planlagt møder.'),
    ),
    section(
      'h-decisions',
      'Afgørelser',
      table(
        'Afgørelser i din arbejdsskadesag',
        ['Dato', 'Afgørelse', 'Klagefrist'],
        (c.decisions ?? []).map((d) => h('tr', {}, h('td', {}, d.decidedOn), h('td', {}, d.kind), h('td', {}, d.appealText))),
        'Der er ikke truffet afgørelser endnu.',
      ),
    ),
    section(
      'h-subsidies',
      'Tilskud',
      table('Tilskud, der er søgt til dig', ['Hvad', 'Søgt', 'Status'], (c.subsidies ?? []).map((s) => h('tr', {}, h('td', {}, s.what), h('td', {}, s.requestedOn), h('td', {}, s.status, s.paidOn ? ` (${s.paidOn})` : ''))), 'Der er ikke søgt tilskud.'),
    ),
    section('h-contacts', 'Dine kontakter', list(c.yourContacts ?? [], (k) => [`${k.role}: ${k.name}, `, h('a', { href: `mailto:${k.email}` }, k.email)], 'Ingen kontakter endnu.')),
  );
}

async function load() {
  if (!token) return noAccess('Linket mangler din adgangskode', 'Åbn siden med linket fra e-mailen.');
  const res = await fetch('/api/citizen/case', { headers: { authorization: `Bearer ${token}` } });
  if (res.status === 401) return noAccess('Linket virker ikke længere', 'Linket er lukket eller udløbet. Bed din konsulent om et nyt.');
  if (!res.ok) return noAccess('Sagen kunne ikke hentes', 'Prøv igen om lidt.');
  render(await res.json());
}
load().catch(() => page('Din sag', notice('error', 'Sagen kunne ikke hentes', 'Prøv igen om lidt.')));
