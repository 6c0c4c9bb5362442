// Fuzzing: well over 1,000 malformed requests (wrong types, missing fields, huge strings, bad JSON,
// wrong content types, unknown enum values, path traversal in ids, bad queries) across the
// endpoints: never a 5xx, always problem+json, no workflow started or changed, still healthy.
// More endpoints are one entry each in TARGETS (phase 2).
import { randomUUID } from 'node:crypto';
import { caseIntakeSchema } from '../../domain/caseIntake';
import { intakeBody } from '../support/fixtures';
import { eventually, startTestService, type TestService } from '../support/service';

let svc: TestService;
let tokens: string[] = [];
let caseId: string;

/** A seeded generator, so a failing request can be reproduced from its index. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One malformed request. */
interface FuzzRequest {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  auth?: 'token' | 'none' | 'garbage';
  why: string;
}

const BAD_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, '', ' ', 'x'.repeat(5000), [], {}, [1, 2], { a: 1 }, 'not-an-enum', '2026-13-45', '<script>', "'; DROP TABLE cases; --", '\u0000', '🙂'.repeat(300)];
// (Raw `..` and `\` are normalised away by the URL parser before sending, so traversal comes encoded.)
const BAD_IDS = ['..%2F..%2Fetc%2Fpasswd', '..%5C..%5Cwindows', '%2e%2e%2f%2e%2e%2f', '%252e%252e', 'a'.repeat(2000), '%00', '%E0%A4%A', 'c%20x', '%3Cscript%3E', '*', 'null', '-1', '%C0%AE%C0%AE'];
const BAD_JSON = ['{', '{"a":', '[1,2', 'nul', '"just a string"', '{"a":1}}', "{'single':1}", '{"a":NaN}', '\u0000', '{"__proto__":{"x":1}', '123', 'true'];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', 'text/json; charset=utf-8'];

/** Every leaf path of a JSON value, e.g. `citizen.name`. */
function leaves(v: unknown, prefix: string[] = []): string[][] {
  if (v && typeof v === 'object' && !Array.isArray(v)) return Object.entries(v).flatMap(([k, x]) => leaves(x, [...prefix, k]));
  return prefix.length ? [prefix] : [];
}
function setPath(obj: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(obj);
  let at = copy as Record<string, unknown>;
  for (const k of path.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  if (value === undefined) delete at[path[path.length - 1]];
  else at[path[path.length - 1]] = value;
  return copy;
}

/** Mutations of a valid intake that the schema rejects (valid ones would open a case, so they are dropped). */
function intakeMutations(next: () => number): FuzzRequest[] {
  const valid = intakeBody() as unknown as Record<string, unknown>;
  const out: FuzzRequest[] = [];
  const paths = leaves(valid);
  for (const p of paths) {
    for (const v of [undefined, ...BAD_VALUES]) {
      const mutated = setPath(valid, p, v);
      if (caseIntakeSchema.safeParse(mutated).success) continue;
      out.push({ method: 'POST', path: '/api/cases', body: JSON.stringify(mutated), why: `intake ${p.join('.')} = ${JSON.stringify(v)?.slice(0, 30)}` });
    }
  }
  // Whole-body shapes and sizes.
  for (const b of [[], 'x', 1, null, {}, { citizen: null }, { ...valid, injury: { ...(valid.injury as object), kind: 'explosion' } }]) {
    out.push({ method: 'POST', path: '/api/cases', body: JSON.stringify(b), why: `intake body ${JSON.stringify(b).slice(0, 30)}` });
  }
  out.push({ method: 'POST', path: '/api/cases', body: JSON.stringify({ ...valid, citizen: { name: 'x'.repeat(300_000), email: 'a@b.dk' } }), why: 'huge body' });
  out.push({ method: 'POST', path: '/api/cases', body: JSON.stringify(setPath(valid, ['referral', 'note'], 'n'.repeat(2001))), why: 'note too long' });
  // Random double mutations.
  for (let i = 0; i < 150; i++) {
    let m = valid;
    for (let j = 0; j < 2; j++) m = setPath(m, paths[Math.floor(next() * paths.length)], BAD_VALUES[Math.floor(next() * BAD_VALUES.length)]);
    if (!caseIntakeSchema.safeParse(m).success) out.push({ method: 'POST', path: '/api/cases', body: JSON.stringify(m), why: `intake random ${i}` });
  }
  return out;
}

/** The endpoints under test and their malformed inputs; one entry per endpoint. */
const TARGETS: Array<{ name: string; requests: (next: () => number) => FuzzRequest[] }> = [
  { name: 'POST /api/cases', requests: intakeMutations },
  {
    name: 'GET /api/cases',
    requests: () =>
      [
        'status=open',
        'status=ACTIVE',
        'status=active&status=closed',
        'limit=0',
        'limit=-5',
        'limit=201',
        'limit=abc',
        'limit=1e9',
        'limit=1.5',
        'municipality=75',
        'municipality=abcd',
        'municipality=../../',
        'cursor=garbage',
        `cursor=${'x'.repeat(300)}`,
        `cursor=${Buffer.from('["not a date","x"]').toString('base64url')}`,
        `cursor=${Buffer.from('{"a":1}').toString('base64url')}`,
        'limit=%00',
        'status=%E0%A4%A',
      ].map((q) => ({ method: 'GET', path: `/api/cases?${q}`, why: `list ${q}` })),
  },
  {
    name: 'case paths with bad ids',
    requests: () =>
      BAD_IDS.flatMap((id) => [
        { method: 'GET', path: `/api/cases/${id}`, why: `case id ${id.slice(0, 20)}` },
        { method: 'GET', path: `/api/cases/${id}/timeline`, why: `timeline id ${id.slice(0, 20)}` },
        { method: 'GET', path: `/api/cases/${id}/audit`, why: `audit id ${id.slice(0, 20)}` },
        { method: 'POST', path: `/api/cases/${id}/screening`, body: '{"riskScore":50}', why: `screening id ${id.slice(0, 20)}` },
      ]),
  },
  {
    name: 'POST /api/cases/{id}/screening',
    requests: () => {
      const bodies: unknown[] = [{}, [], 'x', null, 7, { riskScore: -1 }, { riskScore: 101 }, { riskScore: 'high' }, { riskScore: 1.5 }, { riskScore: null }];
      for (const f of ['recognised', 'permanentConsequences', 'canReturnToFormerWork']) {
        for (const v of ['maybe', 1, 0, null, [], {}, 'UNKNOWN', 'x'.repeat(10_000)]) bodies.push({ [f]: v });
      }
      return bodies.map((b) => ({ method: 'POST', path: `/api/cases/${caseId}/screening`, body: JSON.stringify(b), why: `screening ${JSON.stringify(b).slice(0, 30)}` }));
    },
  },
  {
    name: 'GET /api/cases/{id}/audit (query)',
    requests: () =>
      ['limit=0', 'limit=1001', 'limit=x', 'cursor=abc', 'cursor=-1', `cursor=${'9'.repeat(30)}`].map((q) => ({ method: 'GET', path: `/api/cases/${caseId}/audit?${q}`, why: `audit ${q}` })),
  },
  {
    name: 'POST /codec/decode and /codec/encode',
    requests: () => {
      const enc = Buffer.from('binary/encrypted').toString('base64');
      // Structurally invalid for both operations.
      const bodies: unknown[] = [
        {},
        { payloads: 'x' },
        { payloads: [1] },
        { payloads: [{ data: 123 }] },
        { payloads: [{ data: '!!!not base64' }] },
        { payloads: [{ metadata: { encoding: 42 } }] },
        { payloads: Array.from({ length: 1001 }, () => ({})) },
      ];
      // Well-formed but not decryptable (any bytes may be encrypted, so these are for decode only).
      const undecodable: unknown[] = [
        { payloads: [{ metadata: { encoding: enc }, data: 'AAAA' }] },
        { payloads: [{ metadata: { encoding: enc, 'encryption-key-id': Buffer.from('nope').toString('base64') }, data: 'AAAA' }] },
        { payloads: [{ metadata: { encoding: enc, 'encryption-key-id': Buffer.from('test').toString('base64') }, data: 'A'.repeat(64) }] },
      ];
      const req = (op: string) => (b: unknown) => ({ method: 'POST', path: `/codec/${op}`, body: JSON.stringify(b), why: `codec ${op} ${JSON.stringify(b).slice(0, 40)}` });
      return [...bodies.map(req('encode')), ...[...bodies, ...undecodable].map(req('decode'))];
    },
  },
  {
    name: 'bad JSON and wrong content types on every POST',
    requests: () =>
      ['/api/cases', `/api/cases/${caseId}/screening`, '/codec/decode'].flatMap((path) => [
        ...BAD_JSON.map((raw) => ({ method: 'POST', path, body: raw, why: `bad json ${raw.slice(0, 10)} on ${path}` })),
        ...CONTENT_TYPES.map((ct) => ({ method: 'POST', path, body: '{"riskScore":50}', contentType: ct, why: `${ct} on ${path}` })),
        { method: 'POST', path, body: '', why: `empty body on ${path}` },
      ]),
  },
  {
    name: 'unknown routes, methods and bad auth',
    requests: () => [
      ...['PUT', 'PATCH', 'DELETE'].flatMap((m) => ['/api/cases', `/api/cases/${caseId}`, `/api/cases/${caseId}/timeline`].map((path) => ({ method: m, path, why: `${m} ${path}` }))),
      ...['/api/nope', '/api/cases/x/y/z', '/nope', '/api/cases/x/../../../etc/passwd'].map((path) => ({ method: 'GET', path, why: `unknown ${path}` })),
      ...['/api/cases', `/api/cases/${caseId}`, '/codec/decode'].flatMap((path) => [
        { method: 'GET', path, auth: 'none' as const, why: `no token ${path}` },
        { method: 'GET', path, auth: 'garbage' as const, why: `garbage token ${path}` },
      ]),
    ],
  },
];

beforeAll(async () => {
  svc = await startTestService();
  // Several tokens spread the load under the per-token rate limit.
  tokens = await Promise.all(Array.from({ length: 6 }, (_, i) => svc.token(i % 2 ? 'supervisor' : 'consultant', 'fastholdelsescentret')));
  const created = await svc.api('POST', '/api/cases', {
    token: tokens[0],
    body: intakeBody({ injury: { ...intakeBody().injury, permanentConsequences: 'unknown' } }),
  });
  expect(created.status).toBe(201);
  caseId = created.body.caseId;
});
afterAll(async () => svc?.stop());

async function workflowCount(): Promise<number> {
  return (await svc.client.workflow.count(`WorkflowType = 'retentionCaseWorkflow'`)).count;
}

test('1,000+ malformed requests: no 5xx, all problem+json, no workflow started or changed, still healthy', async () => {
  const next = rng(20260110);
  const requests = TARGETS.flatMap((t) => t.requests(next));
  // Repeat the set with fresh random parts until there are at least 1,000.
  while (requests.length < 1000) requests.push(...intakeMutations(next).slice(-150));
  expect(requests.length).toBeGreaterThanOrEqual(1000);

  const handle = svc.client.workflow.getHandle(`case-${caseId}`);
  // Visibility is eventually consistent: wait until it counts the case this file opened.
  const before = await eventually(async () => {
    const n = await workflowCount();
    const again = await workflowCount();
    return n === again && (await svc.client.workflow.count(`WorkflowId = 'case-${caseId}'`)).count === 1 && n;
  });
  const rowsBefore = (await svc.pool.query('SELECT count(*)::int AS n FROM cases')).rows[0].n;
  const historyBefore = (await handle.describe()).historyLength;
  const seqBefore = (await svc.pool.query('SELECT seq FROM cases WHERE case_id = $1', [caseId])).rows[0].seq;

  const failures: string[] = [];
  let i = 0;
  const worker = async () => {
    while (i < requests.length) {
      const n = i++;
      const r = requests[n];
      const headers: Record<string, string> = {};
      if ((r.auth ?? 'token') === 'token') headers.authorization = `Bearer ${tokens[n % tokens.length]}`;
      if (r.auth === 'garbage') headers.authorization = `Bearer ${randomUUID()}`;
      if (r.body !== undefined) headers['content-type'] = r.contentType ?? 'application/json';
      const res = await fetch(`${svc.baseUrl}${r.path}`, { method: r.method, headers, body: r.body });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      let problem: { status?: number; type?: string } = {};
      try {
        problem = JSON.parse(text);
      } catch {
        // reported below
      }
      if (res.status >= 500 || res.status < 400 || !type.startsWith('application/problem+json') || problem.status !== res.status || !problem.type) {
        failures.push(`#${n} ${r.method} ${r.path.slice(0, 80)} (${r.why}) → ${res.status} ${type} ${text.slice(0, 120)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  expect(failures).toEqual([]);

  expect((await svc.pool.query('SELECT count(*)::int AS n FROM cases')).rows[0].n).toBe(rowsBefore);
  expect((await svc.pool.query('SELECT seq FROM cases WHERE case_id = $1', [caseId])).rows[0].seq).toBe(seqBefore);
  expect((await handle.describe()).historyLength).toBe(historyBefore);
  expect(await workflowCount()).toBe(before);
  const health = await svc.api('GET', '/api/health');
  expect(health.status).toBe(200);
  expect((await svc.api('GET', `/api/cases/${caseId}`, { token: tokens[0] })).status).toBe(200);
});
