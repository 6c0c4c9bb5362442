// The supervisor's retention report page (#/retention-report): the job centre's own retention cases per
// municipality and month from GET /api/supervisor/retention-report, as an inline SVG bar chart (no chart
// library: nothing to vendor or build) with the same figures in a data table beside it for every reader.
import { h, api, show, table, query } from './lib.js';

const REFERRAL = {
  'fast-track-employer': 'Fast track (arbejdsgiver)',
  'fast-track-employee': 'Fast track (medarbejder)',
  'information-form': 'Oplysningsskema',
  'jobcentre-initiative': 'Jobcentrets initiativ',
  'employer-contact': 'Kontakt fra arbejdsgiver',
};

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
const monthText = (ym) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
const pct = (n) => (n == null ? '–' : `${n} %`);
const num = (n) => (n == null ? '–' : String(n).replace('.', ','));

function params() {
  return Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] ?? ''));
}

function filters(p) {
  const input = (name, label, attrs) =>
    h('div', { className: 'form-group' }, h('label', { className: 'form-label', for: `rr-${name}` }, label), h('input', { className: 'form-input', id: `rr-${name}`, name, value: p[name] ?? '', ...attrs }));
  const f = h(
    'form',
    {
      className: 'filters',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        location.hash = `#/retention-report${query(Object.fromEntries(new FormData(f).entries()))}`;
      },
    },
    input('municipality', 'Kommune', { inputmode: 'numeric', pattern: '\\d{3}', maxlength: 3, title: 'Tre cifre, fx 751' }),
    input('from', 'Oprettet fra', { type: 'date' }),
    input('to', 'Oprettet til og med', { type: 'date' }),
    h('div', { className: 'form-actions' }, h('button', { type: 'submit', className: 'button button-primary' }, 'Vis')),
  );
  return f;
}

/** A horizontal bar chart of cases opened per row (municipality and month), with the share back by week 13 as text. */
function chart(rows) {
  const barH = 28;
  const gap = 10;
  const labelW = 210;
  const width = 640;
  const max = Math.max(1, ...rows.map((r) => r.opened));
  const height = rows.length * (barH + gap) + gap;
  const scale = (width - labelW - 150) / max;
  return h(
    'figure',
    { className: 'retention-chart' },
    h(
      'svg:svg',
      { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-labelledby': 'rr-chart-title rr-chart-desc', focusable: 'false' },
      h('svg:title', { id: 'rr-chart-title' }, 'Oprettede fastholdelsessager pr. kommune og måned'),
      h('svg:desc', { id: 'rr-chart-desc' }, 'Søjlerne viser antal oprettede sager; tallene står også i tabellen under diagrammet.'),
      rows.map((r, i) => {
        const y = gap + i * (barH + gap);
        const w = Math.max(2, r.opened * scale);
        return h(
          'svg:g',
          {},
          h('svg:text', { x: 0, y: y + barH * 0.68, 'font-size': 14, fill: '#1a1a1a' }, `${r.municipalityCode} · ${monthText(r.month)}`),
          h('svg:rect', { x: labelW, y, width: w, height: barH, fill: '#0059b3', rx: 2 }),
          h('svg:text', { x: labelW + w + 8, y: y + barH * 0.68, 'font-size': 14, fill: '#1a1a1a' }, `${r.opened} sager · ${pct(r.backAtWorkByWeek13.sharePct)} i arbejde uge 13`),
        );
      }),
    ),
    h('figcaption', {}, 'Antal oprettede sager (søjle) og andelen tilbage i arbejde inden udgangen af uge 13 (tekst).'),
  );
}

/** The page: filters, chart and the data table with every figure of the report. */
export async function retentionReportPage() {
  const p = params();
  const data = await api('GET', `/api/supervisor/retention-report${query({ municipality: p.municipality, from: p.from, to: p.to })}`);
  const rows = data.rows.map((r) =>
    h(
      'tr',
      {},
      h('td', {}, r.municipalityCode),
      h('td', {}, monthText(r.month)),
      h('td', { className: 'num' }, r.opened),
      h('td', {}, Object.entries(r.openedByReferral).map(([k, n]) => h('div', {}, `${REFERRAL[k] ?? k}: ${n}`))),
      h('td', { className: 'num' }, `${r.backAtWorkByWeek13.back} af ${r.backAtWorkByWeek13.judged} (${pct(r.backAtWorkByWeek13.sharePct)})`),
      h('td', { className: 'num' }, num(r.firstConversation.medianDays)),
      h('td', { className: 'num' }, r.pastDeadline),
    ),
  );
  show(
    'Fastholdelsessager: nøgletal',
    filters({ ...p, from: p.from ?? data.from, to: p.to ?? data.to }),
    h(
      'p',
      {},
      `Jobcentrets egne fastholdelsessager oprettet ${data.from} – ${data.to}${data.municipality ? ` i kommune ${data.municipality}` : ''}. ` +
        'Tilbage i arbejde: af sagerne hvis uge 13 er slut, dem med raskmelding inden for uge 13. ' +
        'Første samtale: dage fra anmodning om fast track til første opfølgningssamtale (median). ' +
        'Over fristen: samtalen holdt efter fristen (2 uger, eller uge 8 hvis medarbejderen takkede nej), eller endnu ikke holdt og fristen passeret.',
    ),
    rows.length > 0 ? chart(data.rows) : null,
    table(
      'Nøgletal pr. kommune og måned',
      ['Kommune', 'Måned', { label: 'Oprettet', num: true }, 'Henvisning', { label: 'I arbejde uge 13', num: true }, { label: 'Dage til første samtale (median)', num: true }, { label: 'Over fristen', num: true }],
      rows,
      'Ingen fastholdelsessager i perioden.',
    ),
  );
}
