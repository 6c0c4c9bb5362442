// The authorisation matrix: every role × every endpoint × (own case / other organisation's case /
// no consent or no power of attorney / partial power of attorney) against 200/403/404, lists
// filtered the same way, and no legal-track key anywhere in what an employer receives.
// More endpoints are one line each in ENDPOINTS (phase 2 adds the lifecycle, task and subsidy routes).
import { randomInt, randomUUID } from 'node:crypto';
import type { Role } from '../../domain/actor';
import { intakeBody } from '../support/fixtures';
import { startTestService, type TestService } from '../support/service';

let svc: TestService;
const tag = randomUUID().slice(0, 8);

/** The organisations of "our" parties; unique per run so other suites' cases never match. */
const ORG = {
  municipality: '751',
  otherMunicipality: '101',
  insurer: `ins-${tag}`,
  otherInsurer: `ins-other-${tag}`,
  union: `union-${tag}`,
  otherUnion: `union-other-${tag}`,
  employer: String(randomInt(10_000_000, 50_000_000)),
  otherEmployer: String(randomInt(50_000_000, 99_999_999)),
};

/**
 * The case scenarios, from the callers' side:
 * own: our municipality with consent, our insurer, employer, union with full power of attorney;
 * other: every party another organisation; noRight: no consent and no power of attorney (our
 * insurer and employer still); partial: our parties, union with partial power of attorney.
 */
type Scenario = 'own' | 'other' | 'noRight' | 'partial';
const SCENARIOS: Scenario[] = ['own', 'other', 'noRight', 'partial'];
const ROLES: Role[] = ['consultant', 'supervisor', 'caseworker', 'insurer', 'union', 'employer'];

/** Which scenarios each role may know about (DOMAIN.md "The actors"). */
const VISIBLE: Record<Role, Scenario[]> = {
  consultant: ['own', 'other', 'noRight', 'partial'],
  supervisor: ['own', 'other', 'noRight', 'partial'],
  caseworker: ['own', 'partial'], // only with the citizen's consent
  insurer: ['own', 'noRight', 'partial'], // only where it is the insurer
  union: ['own', 'partial'], // only with a power of attorney
  employer: ['own', 'noRight', 'partial'], // only its own employees, retention track only
};

function intakeFor(s: Scenario) {
  const base = intakeBody();
  const ours = s !== 'other';
  const poa = s === 'own' ? 'full' : s === 'partial' ? 'partial' : s === 'noRight' ? 'none' : 'full';
  return intakeBody({
    municipalityCode: ours ? ORG.municipality : ORG.otherMunicipality,
    consentToShareWithMunicipality: s !== 'noRight',
    insurer: { ...base.insurer, id: ours ? ORG.insurer : ORG.otherInsurer },
    employer: { ...base.employer!, cvr: ours ? ORG.employer : ORG.otherEmployer },
    union: { id: ours ? ORG.union : ORG.otherUnion, name: 'Fagforening', email: `fag-${tag}@union.local`, powerOfAttorney: poa },
    // Stays in screening, so a screening update succeeds (200) and records a legal-track event.
    injury: { ...base.injury, permanentConsequences: 'unknown' },
  });
}

/** One row per endpoint on a case: who may call it once the case is visible, and the success status. */
interface CaseEndpoint {
  name: string;
  method: 'GET' | 'POST';
  path: (caseId: string) => string;
  body?: () => unknown;
  allowed: Role[];
  ok: number;
}
const EVERYONE = ROLES;
const ENDPOINTS: CaseEndpoint[] = [
  { name: 'GET case', method: 'GET', path: (id) => `/api/cases/${id}`, allowed: EVERYONE, ok: 200 },
  { name: 'GET timeline', method: 'GET', path: (id) => `/api/cases/${id}/timeline`, allowed: EVERYONE, ok: 200 },
  { name: 'POST screening', method: 'POST', path: (id) => `/api/cases/${id}/screening`, body: () => ({ riskScore: 55 }), allowed: ['consultant', 'caseworker'], ok: 200 },
  { name: 'GET audit', method: 'GET', path: (id) => `/api/cases/${id}/audit`, allowed: ['supervisor'], ok: 200 },
];

/** The status the policy demands: unknown to the caller → 404, known but not allowed → 403. */
const expected = (role: Role, s: Scenario, ep: CaseEndpoint) => (!VISIBLE[role].includes(s) ? 404 : ep.allowed.includes(role) ? ep.ok : 403);

/** Keys an employer must never receive, at any depth (API.md: the legal track is absent). */
const EMPLOYER_FORBIDDEN_KEYS = ['decisions', 'appeals', 'medical', 'sickPay', 'injury', 'riskScore'];

function keysDeep(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysDeep(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysDeep(x, out);
    }
  }
  return out;
}
function assertNoLegalTrack(body: unknown) {
  const keys = keysDeep(body);
  expect(EMPLOYER_FORBIDDEN_KEYS.filter((k) => keys.has(k))).toEqual([]);
  expect(JSON.stringify(body)).not.toContain('Knust hånd'); // the injury description
}

const tokens = {} as Record<Role, string>;
const caseIds = {} as Record<Scenario, string>;

beforeAll(async () => {
  svc = await startTestService();
  const orgOf: Record<Role, string> = {
    consultant: 'fastholdelsescentret',
    supervisor: 'fastholdelsescentret',
    caseworker: ORG.municipality,
    insurer: ORG.insurer,
    union: ORG.union,
    employer: ORG.employer,
  };
  for (const role of ROLES) tokens[role] = await svc.token(role, orgOf[role]);
  for (const s of SCENARIOS) {
    const created = await svc.api('POST', '/api/cases', { token: tokens.consultant, body: intakeFor(s) });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('screening');
    caseIds[s] = created.body.caseId;
    // A legal-track event on every case, so the timeline filter has something to hide.
    expect((await svc.api('POST', `/api/cases/${caseIds[s]}/screening`, { token: tokens.consultant, body: { riskScore: 40 } })).status).toBe(200);
  }
});
afterAll(async () => svc?.stop());

const matrix = ENDPOINTS.flatMap((ep) => ROLES.flatMap((role) => SCENARIOS.map((s) => [ep.name, role, s, expected(role, s, ep)] as const)));

test.each(matrix)('%s as %s on the %s case → %i', async (name, role, s, status) => {
  const ep = ENDPOINTS.find((e) => e.name === name)!;
  const res = await svc.api(ep.method, ep.path(caseIds[s]), { token: tokens[role], body: ep.body?.() });
  expect({ status: res.status, type: res.body?.type }).toEqual({ status, type: status >= 400 ? expect.any(String) : undefined });
  if (status >= 400) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  if (role === 'employer' && status < 400) assertNoLegalTrack(res.body);
});

/** POST /api/cases: (role, municipality of the new case) → status. */
const CREATE: Array<[Role, 'own' | 'other', number]> = [
  ['consultant', 'own', 201],
  ['consultant', 'other', 201],
  ['caseworker', 'own', 201],
  ['caseworker', 'other', 403],
  ...(['supervisor', 'insurer', 'union', 'employer'] as Role[]).flatMap((r) => [[r, 'own', 403] as [Role, 'own', number], [r, 'other', 403] as [Role, 'other', number]]),
];
test.each(CREATE)('POST /api/cases as %s for the %s municipality → %i', async (role, m, status) => {
  const body = intakeBody({ municipalityCode: m === 'own' ? ORG.municipality : ORG.otherMunicipality });
  const res = await svc.api('POST', '/api/cases', { token: tokens[role], body });
  expect(res.status).toBe(status);
});

/** Every page of GET /api/cases for a caller, reduced to our scenario cases. */
async function listedScenarios(role: Role): Promise<{ seen: Scenario[]; items: unknown[] }> {
  const items: Array<{ caseId: string }> = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res: { status: number; body: { items: Array<{ caseId: string }>; nextCursor: string | null } } = await svc.api('GET', `/api/cases?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: tokens[role] });
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  const ours = items.filter((i) => Object.values(caseIds).includes(i.caseId));
  return { seen: SCENARIOS.filter((s) => ours.some((i) => i.caseId === caseIds[s])), items: ours };
}

test.each(ROLES)('GET /api/cases as %s lists exactly the cases it may know', async (role) => {
  const { seen, items } = await listedScenarios(role);
  expect(seen).toEqual(VISIBLE[role]);
  if (role === 'employer') {
    assertNoLegalTrack(items);
    expect(keysDeep(items).has('limitDate')).toBe(false);
  }
});

test('the timeline hides legal-track events from the employer and shows them to the consultant', async () => {
  const full = await svc.api('GET', `/api/cases/${caseIds.own}/timeline`, { token: tokens.consultant });
  const employer = await svc.api('GET', `/api/cases/${caseIds.own}/timeline`, { token: tokens.employer });
  const legal = full.body.events.filter((e: { track: string }) => e.track === 'legal');
  expect(legal.length).toBeGreaterThan(0);
  expect(employer.body.events.length).toBe(full.body.events.length - legal.length);
  expect(employer.body.events.every((e: { track: string }) => e.track !== 'legal')).toBe(true);
});

test('the employer case view has the retention track but not the legal track', async () => {
  const res = await svc.api('GET', `/api/cases/${caseIds.own}`, { token: tokens.employer });
  expect(res.body).toMatchObject({ caseId: caseIds.own, citizen: expect.any(Object), tasks: expect.any(Array) });
  assertNoLegalTrack(res.body);
  // Tasks on the legal track (e.g. completing the screening) are not shown either.
  expect(res.body.tasks.filter((t: { kind: string }) => t.kind === 'complete-screening')).toEqual([]);
  const consultantView = await svc.api('GET', `/api/cases/${caseIds.own}`, { token: tokens.consultant });
  expect(consultantView.body.injury.description).toBe('Knust hånd i presse');
});
