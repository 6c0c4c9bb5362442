// The citizen's own page: the link in the email carries the token in the fragment (never sent to a
// server); the page reads GET /api/citizen/case with it and shows the plain-Danish view.
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? sessionStorage.getItem('citizen-token');
const main = document.getElementById('main');
const status = document.getElementById('status');

function el(tag, text, children = []) {
  const e = document.createElement(tag);
  if (text) e.textContent = text;
  for (const c of children) e.append(c);
  return e;
}
function section(title, items, line) {
  const s = el('section', null, [el('h2', title)]);
  s.append(items.length ? el('ul', null, items.map((i) => el('li', line(i)))) : el('p', 'Ingen endnu.'));
  return s;
}

async function load() {
  if (!token) {
    status.textContent = 'Linket mangler din adgangskode. Brug linket fra e-mailen.';
    return;
  }
  sessionStorage.setItem('citizen-token', token);
  history.replaceState(null, '', location.pathname);
  const res = await fetch('/api/citizen/case', { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) {
    status.textContent = res.status === 401 ? 'Linket virker ikke længere. Bed din konsulent om et nyt.' : 'Sagen kunne ikke hentes.';
    return;
  }
  const c = await res.json();
  status.textContent = '';
  main.replaceChildren(
    el('h1', `Sag ${c.injuryCaseRef}`),
    el('p', c.statusText),
    el('p', c.sickPay.text),
    section('Dine kontakter', c.yourContacts, (k) => `${k.role}: ${k.name} (${k.email})`),
    section('Næste skridt', c.nextSteps, (p) => `${p.title} – ${p.owner}, senest ${p.dueOn}${p.overdue ? ' (over fristen)' : ''}`),
    section('Alt, der er lovet', c.promises, (p) => `${p.title} – ${p.owner}, frist ${p.dueOn}: ${p.status}`),
    section('Møder', c.meetings, (m) => `${m.when}, ${m.where}: ${m.purpose} (${m.status}${m.minutesSent ? ', referat sendt' : ''})`),
    section('Afgørelser', c.decisions, (d) => `${d.kind} ${d.decidedOn}. ${d.appealText}`),
    section('Tilskud', c.subsidies, (s) => `${s.what} (søgt ${s.requestedOn}): ${s.status}`),
  );
}
load().catch(() => (status.textContent = 'Sagen kunne ikke hentes.'));
