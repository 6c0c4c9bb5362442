// Fuzzing every operation of the OpenAPI registry (plus /metrics, the dashboard and unknown routes):
// thousands of malformed requests from a seeded generator (path traversal and 10k-character ids in
// every id segment, unicode, nulls, arrays for objects, numbers as strings, unknown enum values,
// 300 kB strings, bad JSON, wrong content types, bad or missing Idempotency-Key, bad queries, bad
// auth, unknown methods). Never a 5xx, every refusal problem+json, no workflow started or changed,
// no case, subsidy, task, event or email added, and the service still healthy.
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { API_OPERATIONS } from '../../api/app';
import type { ApiOperation } from '../../api/openapi';
import type { Role } from '../../domain/kernel/actor.schema';
import { addDays } from '../../domain/calendar/localDate';
import { intakeBody } from '../support/fixtures';
import { eventually, startTestService, type TestService } from '../support/service';
import { buildFixtureCase, inAMonth, ownerOf, seqs, settled, today, type FixtureCase } from '../support/caseFixture';

let svc: TestService;
let f: FixtureCase;
const insurerOrg = `ins-fuzz-${randomUUID().slice(0, 8)}`;
/** Several tokens per role spread the load under the per-token rate limit. */
const tokens: Partial<Record<Role, string[]>> = {};

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
type Next = () => number;
const pick = <T>(next: Next, xs: T[]): T => xs[Math.floor(next() * xs.length)];
/** Up to `n` of `xs`, chosen by the generator (order kept). */
const sample = <T>(next: Next, xs: T[], n: number): T[] => (xs.length <= n ? xs : xs.map((x) => [next(), x] as const).sort((a, b) => a[0] - b[0]).slice(0, n).map(([, x]) => x));

/** One malformed request; `expect` lists the statuses its kind must get (any 4xx when absent). */
interface FuzzRequest {
  op: string;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  auth?: 'token' | 'none' | 'garbage' | 'basic' | 'empty' | 'citizen';
  kind: string;
  expect?: number[];
  /** A read whose parameters may well be acceptable: a 2xx is fine. */
  mayPass?: boolean;
}

// Traversal, huge, unicode, null and malformed ids, as sent on the wire (node:http sends a path as is,
// so the raw `../` forms reach the server unnormalised).
const BAD_IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '../../etc/passwd',
  '..',
  '.',
  '..%5C..%5Cwindows%5Cwin.ini',
  '%2e%2e%2f%2e%2e%2f',
  '%252e%252e%252f',
  '%C0%AE%C0%AE%2F',
  '..%00',
  '%00',
  '%E0%A4%A',
  'a'.repeat(10_000),
  encodeURIComponent('🙂ü'.repeat(40)),
  encodeURIComponent('sag ünïcødé'),
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  encodeURIComponent("' OR 1=1 --"),
  encodeURIComponent('{"$ne":null}'),
  '*',
  'null',
  '-1',
];
const BAD_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  '',
  ' ',
  'x'.repeat(5000),
  [],
  {},
  [1, 2],
  { a: 1 },
  'NOT-AN-ENUM-VALUE',
  '2026-13-45',
  '2026-02-30',
  '<script>alert(1)</script>',
  "'; DROP TABLE cases; --",
  '\u0000',
  '🙂'.repeat(300),
  '../../etc/passwd',
  '1',
  'true',
  'null',
];
const BAD_JSON = ['{', '{"a":', '[1,2', 'nul', '"just a string"', '{"a":1}}', "{'single':1}", '{"a":NaN}', '\u0000', '{"__proto__":{"x":1}', '123', 'true'];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', 'text/json; charset=utf-8'];
const BAD_QUERY_VALUES = ['', 'x', '-1', '0', '1e9', '1.5', 'NOT-AN-ENUM-VALUE', '%00', '%E0%A4%A', 'x'.repeat(300), '%5B%5D', 'true', '..%2F..%2Fetc%2Fpasswd', encodeURIComponent('🙂')];
const BAD_KEYS = ['', 'has space', 'k'.repeat(300), 'nøgle-ä'];
// Cookies (the codec cookie above all: `rt_codec=%E0` once answered 500) and other headers a client controls.
const BAD_COOKIES = ['rt_codec=%E0', 'rt_codec=%', 'rt_codec=%zz%E0%A4%A', `rt_codec=${'x'.repeat(4000)}`, ';;;=;=', 'rt_codec=a=b=c; rt_codec=%E0', 'rt_codec', '=%E0'];
const BAD_HEADERS: Array<Record<string, string>> = [
  { 'x-forwarded-for': 'not-an-address, ::zz, 999.1.1.1' },
  { 'x-forwarded-proto': 'javascript' },
  { 'x-forwarded-host': '../../etc' },
  { 'x-request-id': 'r'.repeat(5000) },
  { origin: 'null' },
  { accept: 'application/xml' },
  { 'accept-encoding': 'zz;q=x' },
  { range: 'bytes=99999999999-' },
  { 'if-none-match': '*' },
];
const BAD_AUTH_HEADERS = [`Bearer ${'x'.repeat(8000)}`, 'Bearer a b', 'bearer\tx', 'Bearer %E0', 'Token abc', 'Bearer rt_'];

/** Answers whose success is not JSON by contract. */
const NON_JSON_SUCCESS: Record<string, RegExp> = {
  'GET /api/docs': /^text\/html/,
  'GET /api/supervisor/stuck.csv': /^text\/csv/,
  'GET /metrics': /^text\/plain/,
  // 204 No Content (the citizen's sign-out reaches it).
  'DELETE /api/session/codec': /^$/,
};

const b64 = (s: string) => Buffer.from(s).toString('base64');
const owner = { role: 'consultant', name: 'Karen Konsulent', email: 'karen@fastholdelse.local' };

/** A valid body per operation with a body: the seed of its mutations (the schema must accept it). */
function validBodies(): Record<string, unknown> {
  const day = today();
  return {
    'POST /api/cases': intakeBody(),
    'POST /api/cases/{caseId}/screening': { riskScore: 50, recognised: true },
    'POST /api/cases/{caseId}/sick-leave/periods': { kind: 'return-to-work', date: day },
    'POST /api/cases/{caseId}/sick-leave/first-sick-day': { firstSickDay: addDays(f.firstSickDay, -1), reason: 'Rettet efter journal' },
    'POST /api/cases/{caseId}/sick-leave/partial': { from: day, workingHoursPerWeek: 15, normalHoursPerWeek: 37 },
    'POST /api/cases/{caseId}/fast-track': { requestedBy: 'employer', requestedOn: day, answers: { affectedFunctions: 'Tunge løft', affectedSince: '3 uger', jobAdapted: false } },
    'POST /api/cases/{caseId}/fast-track/progress': { employeeConsent: false, firstConversationOn: day },
    'POST /api/cases/{caseId}/relapse': { sickFrom: day, note: 'Sygemeldt igen' },
    'POST /api/cases/{caseId}/retention-plan/milestones': { kind: 'partial-return', owner, dueOn: addDays(day, 14), hoursPerWeek: 15 },
    'POST /api/cases/{caseId}/retention-plan/progress': { milestoneId: 'M1', note: 'Fremdrift', kept: true },
    'POST /api/cases/{caseId}/medical-status': { stationary: false, assessedOn: day, source: 'Egen læge' },
    'POST /api/cases/{caseId}/decisions': {
      kind: 'interim',
      earningCapacityLossPct: 20,
      justification: 'Erhvervsevnen er nedsat efter arbejdsprøvning.',
      acknowledgeRuleCollision: true,
      nextIncomeBasis: 'fleksjob',
      revisionDueOn: addDays(day, 300),
    },
    'POST /api/cases/{caseId}/appeals': { decisionId: f.decisionId, filedOn: day, by: 'citizen', note: 'Klage' },
    'POST /api/cases/{caseId}/insurer-consultations': { question: 'Bemærkninger til planen?' },
    'POST /api/cases/{caseId}/insurer-consultations/{consultationId}/answer': { answer: 'Ingen bemærkninger' },
    'POST /api/cases/{caseId}/roundtables': {
      scheduledAt: inAMonth(),
      location: 'Jobcenter',
      purpose: 'Plan',
      agenda: ['Status', 'Skånehensyn'],
      participants: [
        { role: 'citizen', name: 'Jens', email: 'jens@borger.local' },
        { role: 'employer', name: 'HR', email: 'hr@firma.local' },
      ],
      citizenConsentsToEmployer: true,
    },
    'POST /api/cases/{caseId}/roundtables/{roundtableId}/reschedule': { scheduledAt: inAMonth(), location: 'Andet sted', note: 'Flyttet' },
    'POST /api/cases/{caseId}/roundtables/{roundtableId}/cancel': { reason: 'Aflyst' },
    'POST /api/cases/{caseId}/roundtables/{roundtableId}/outcome': {
      heldOn: day,
      summary: 'Afholdt',
      actions: [{ title: 'Opfølgning', owner, dueOn: addDays(day, 30) }],
    },
    'POST /api/cases/{caseId}/roundtables/{roundtableId}/minutes': { text: 'Referat' },
    'POST /api/cases/{caseId}/close': { outcome: 'no-result', note: 'Afsluttet' },
    'POST /api/cases/{caseId}/subsidies': { ...f.subsidyRequest, expectedEffect: 'Delvis raskmelding' },
    'POST /api/subsidies/{subsidyId}/decision': { decision: 'approved', approvedAmountDkk: 1000, note: 'Godkendt' },
    'POST /api/subsidies/{subsidyId}/information': { information: 'Tilbud vedlagt' },
    'POST /api/subsidies/{subsidyId}/payment': { confirmedOn: day, note: 'Betalt' },
    'POST /api/subsidies/{subsidyId}/withdraw': { reason: 'Ikke længere relevant' },
    'POST /api/cases/{caseId}/consents': { kind: 'municipality', given: true, date: day, sourceDocument: 'Samtykkeerklæring' },
    'POST /api/cases/{caseId}/power-of-attorney': { powerOfAttorney: 'full', date: day, sourceDocument: 'Fuldmagt' },
    'POST /api/tasks/{taskId}/complete': { note: 'Gjort' },
    'POST /api/tasks/{taskId}/cancel': { reason: 'Ikke relevant' },
    'POST /api/tasks/{taskId}/reassign': { owner },
    'POST /codec/encode': { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('"x"') }] },
    'POST /codec/decode': { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('"x"') }] },
  };
}

/** Real ids for the path parameters: the open parts of the fixture case. */
const idFor = (param: string): string =>
  ({
    caseId: f.caseId,
    consultationId: f.consultationId,
    roundtableId: f.plannedRoundtableId,
    subsidyId: f.subsidyId,
    taskId: f.tasks.open,
  })[param] ?? `unknown-${param}`;

const opKey = (op: Pick<ApiOperation, 'method' | 'path'>) => `${op.method.toUpperCase()} ${op.path}`;
const fill = (template: string, bad?: { param: string; id: string }) =>
  template.replace(/\{(\w+)\}/g, (_m, p: string) => (bad?.param === p ? bad.id : idFor(p)));

/** Every path of a JSON value to a non-object leaf, arrays included (`participants.0.email`). */
function leaves(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(v)) return v.length ? v.flatMap((x, i) => leaves(x, [...prefix, i])) : prefix.length ? [prefix] : [];
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...prefix, k]));
  return prefix.length ? [prefix] : [];
}
/** Every path to an object or array below the root. */
function containers(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (!v || typeof v !== 'object') return [];
  const here = prefix.length ? [prefix] : [];
  const kids = Array.isArray(v) ? v.map((x, i) => containers(x, [...prefix, i])) : Object.entries(v).map(([k, x]) => containers(x, [...prefix, k]));
  return [...here, ...kids.flat()];
}
const getPath = (obj: unknown, path: Array<string | number>): unknown => path.reduce<unknown>((at, k) => (at as Record<string, unknown>)?.[k as string], obj);
function setPath(obj: unknown, path: Array<string | number>, value: unknown): unknown {
  const copy = structuredClone(obj) as Record<string, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k as string] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (value === undefined) {
    if (Array.isArray(at)) at.splice(Number(last), 1);
    else delete at[last];
  } else at[last] = value;
  return copy;
}

/** Malformed bodies for one operation: only those its own schema refuses (a valid one could change something). */
function bodyMutations(op: ApiOperation, valid: unknown, next: Next): Array<{ body: unknown; why: string; huge?: boolean }> {
  const schema = op.body as z.ZodType;
  const refused = (b: unknown) => !schema.safeParse(b).success;
  const out: Array<{ body: unknown; why: string; huge?: boolean }> = [];
  const add = (body: unknown, why: string) => {
    if (refused(body)) out.push({ body, why });
  };
  const paths = leaves(valid);
  for (const p of paths) {
    const name = p.join('.');
    for (const v of [undefined, ...BAD_VALUES]) add(setPath(valid, p, v), `${name} = ${JSON.stringify(v)?.slice(0, 24)}`);
    const current = getPath(valid, p);
    if (typeof current === 'number') add(setPath(valid, p, String(current)), `${name} as a string`);
    if (typeof current === 'string') add(setPath(valid, p, `${current}-UNKNOWN`), `${name} unknown value`);
    if (typeof current === 'boolean') add(setPath(valid, p, String(current)), `${name} as a string`);
  }
  for (const p of containers(valid)) {
    const current = getPath(valid, p);
    for (const v of [[current], Array.isArray(current) ? { ...current } : [], 'x', 1, null]) add(setPath(valid, p, v), `${p.join('.')} reshaped as ${JSON.stringify(v)?.slice(0, 20)}`);
  }
  for (const b of [[], [valid], {}, { unknown: 1 }]) add(b, `body ${JSON.stringify(b).slice(0, 24)}`);
  for (let i = 0; i < 30; i++) {
    let m = valid;
    for (let j = 0; j < 3; j++) m = setPath(m, pick(next, paths), pick(next, BAD_VALUES));
    add(m, `random ${i}`);
  }
  // 300 kB in the first text field: over the 256 kB body limit whatever the schema says.
  const text = paths.find((p) => typeof getPath(valid, p) === 'string');
  if (text) out.push({ body: setPath(valid, text, 'x'.repeat(300_000)), why: `${text.join('.')} of 300 kB`, huge: true });
  return out;
}

/** Which role's token an operation is fuzzed with: one that passes its access check, so bodies reach the parser. */
function roleFor(op: ApiOperation): Role | undefined {
  if (op.roles === 'public') return undefined;
  return (['consultant', 'supervisor', 'insurer', 'caseworker', 'citizen'] as Role[]).find((r) => (op.roles as Role[]).includes(r));
}

/** All malformed requests, per operation of the registry, plus the routes outside it. */
function fuzzRequests(next: Next): FuzzRequest[] {
  const valid = validBodies();
  const out: FuzzRequest[] = [];
  for (const op of API_OPERATIONS) {
    const key = opKey(op);
    const method = op.method.toUpperCase();
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const keyed = op.headers?.['Idempotency-Key']?.required ? { 'idempotency-key': `fuzz-${randomUUID()}` } : undefined;
    const validBody = op.body ? JSON.stringify(valid[key]) : undefined;
    const base = { op: key, method, headers: keyed };

    // Bad ids in every id segment (with a valid body, so only the id is wrong).
    for (const param of params) {
      for (const id of BAD_IDS) out.push({ ...base, path: fill(op.path, { param, id }), body: validBody, kind: `bad ${param} ${id.slice(0, 24)}`, expect: [400, 404] });
    }
    const path = fill(op.path);

    if (op.body) {
      for (const m of sample(next, bodyMutations(op, valid[key], next), 60)) {
        out.push({ ...base, path, body: JSON.stringify(m.body), kind: `body ${m.why}`, expect: m.huge ? [413] : [400] });
      }
      for (const raw of BAD_JSON) out.push({ ...base, path, body: raw, kind: `bad JSON ${raw.slice(0, 12)}`, expect: [400] });
      for (const ct of CONTENT_TYPES) out.push({ ...base, path, body: validBody, contentType: ct, kind: `content type ${ct}`, expect: [415] });
      const schema = op.body as z.ZodType;
      if (!schema.safeParse(undefined).success && !schema.safeParse({}).success) out.push({ ...base, path, body: '', kind: 'empty body', expect: [400] });
    }
    // Writes without a body (sessions) still get a body: bad JSON and wrong content types are refused before the route.
    if (!op.body && method !== 'GET') {
      for (const raw of BAD_JSON) out.push({ ...base, path, body: raw, kind: `bad JSON ${raw.slice(0, 12)}`, expect: [400] });
      for (const ct of CONTENT_TYPES) out.push({ ...base, path, body: '{}', contentType: ct, kind: `content type ${ct}`, expect: [415] });
    }
    // A missing or malformed Idempotency-Key with an otherwise valid request: 400, nothing recorded.
    const readsKey = op.headers?.['Idempotency-Key'] || key === 'POST /api/cases/{caseId}/appeals';
    if (readsKey) {
      if (op.headers?.['Idempotency-Key']?.required) out.push({ op: key, method, path, body: validBody, kind: 'no Idempotency-Key', expect: [400] });
      for (const k of BAD_KEYS) out.push({ op: key, method, path, body: validBody, headers: { 'idempotency-key': k }, kind: `Idempotency-Key ${JSON.stringify(k.slice(0, 12))}`, expect: [400] });
    }
    if (op.query) {
      for (const name of Object.keys(op.query.shape)) {
        for (const v of BAD_QUERY_VALUES) out.push({ ...base, path: `${path}?${name}=${v}`, kind: `query ${name}=${v.slice(0, 12)}`, mayPass: true });
        out.push({ ...base, path: `${path}?${name}=a&${name}=b`, kind: `query ${name} twice`, mayPass: true });
      }
    }
    if (method === 'GET') {
      for (const q of ['__proto__[x]=1', 'constructor=x', `${'k'.repeat(200)}=1`]) out.push({ ...base, path: `${path}?${q}`, kind: `unknown query ${q.slice(0, 12)}`, mayPass: true });
      // Reads without parameters (health, documents, the caller) get the bad values in a parameter they ignore.
      if (!op.query) for (const v of BAD_QUERY_VALUES) out.push({ ...base, path: `${path}?q=${v}`, kind: `ignored query q=${v.slice(0, 12)}`, mayPass: true });
    }
    if (op.roles !== 'public') {
      for (const auth of ['none', 'garbage', 'basic', 'empty'] as const) out.push({ ...base, path, body: validBody, auth, kind: `auth ${auth}`, expect: [401] });
      // The citizen's token (bound to the fixture case) with a valid request: refused unless the operation names the role.
      if ((op.roles as Role[]).includes('citizen')) out.push({ ...base, path, auth: 'citizen', kind: 'as citizen', mayPass: true });
      else out.push({ ...base, path, body: validBody, auth: 'citizen', kind: 'as citizen', expect: [403, 404] });
    }
    // Cookies and headers: without a token (a cookie never authenticates the API; /codec's codec cookie
    // with a bad value is no session), and with one on reads or with a body that is refused anyway.
    const publicOp = op.roles === 'public';
    for (const cookie of BAD_COOKIES) {
      out.push({ ...base, path, body: validBody, auth: 'none', headers: { ...keyed, cookie }, kind: `cookie ${cookie.slice(0, 20)} no token`, ...(publicOp ? { mayPass: true } : { expect: [401] }) });
      out.push({ ...base, path, ...(method === 'GET' ? { mayPass: true } : { body: '{', expect: [400] }), headers: { ...keyed, cookie }, kind: `cookie ${cookie.slice(0, 20)} with token` });
    }
    for (const h of BAD_HEADERS) {
      out.push({ ...base, path, ...(method === 'GET' ? { mayPass: true } : { body: '{', expect: [400] }), headers: { ...keyed, ...h }, kind: `header ${Object.keys(h)[0]}` });
    }
    for (const a of BAD_AUTH_HEADERS) {
      out.push({ ...base, path, body: validBody, auth: 'none', headers: { ...keyed, authorization: a }, kind: `authorization ${a.slice(0, 16)}`, ...(publicOp ? { mayPass: true } : { expect: [401] }) });
    }
    // No route: 404; on a public path (sent without a token) /api's authentication answers first (401).
    const served = new Set(API_OPERATIONS.filter((o) => o.path === op.path).map((o) => o.method.toUpperCase()));
    for (const m of ['PUT', 'PATCH', 'DELETE'].filter((x) => !served.has(x))) {
      out.push({ op: key, method: m, path, kind: `method ${m}`, expect: op.roles === 'public' ? [401, 404] : [404] });
    }
  }
  // Outside the registry: the metrics, the dashboard's files and paths that lead nowhere.
  out.push({ op: 'GET /metrics', method: 'GET', path: '/metrics?x=%00', kind: 'metrics query', mayPass: true });
  out.push({ op: 'GET /metrics', method: 'POST', path: '/metrics', body: '{}', kind: 'metrics POST', expect: [404] });
  for (const p of ['/../../../etc/passwd', '/..%2F..%2F..%2Fetc%2Fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/index.html/..%2F..%2F..%2Fpackage.json', '/api/../../etc/passwd', '/api/nope', '/nope', '/api/cases/x/y/z', '/codec', '/codec/../../etc/passwd']) {
    out.push({ op: 'unknown', method: 'GET', path: p, kind: `unknown route ${p}`, expect: [401, 404] });
  }
  return out;
}

/** Sends one request as it is written (no URL normalisation), returning status, type and text. */
function send(r: FuzzRequest, n: number): Promise<{ status: number; type: string; text: string }> {
  const headers: Record<string, string | number> = { ...r.headers };
  const role = roleFor(API_OPERATIONS.find((o) => opKey(o) === r.op) ?? ({ roles: ['consultant'] } as ApiOperation));
  const auth = r.auth ?? 'token';
  if (auth === 'token' && role) {
    const list = tokens[role]!;
    headers.authorization = `Bearer ${list[n % list.length]}`;
  }
  if (auth === 'garbage') headers.authorization = `Bearer ${randomUUID()}`;
  if (auth === 'citizen') headers.authorization = `Bearer ${tokens.citizen![n % tokens.citizen!.length]}`;
  if (auth === 'basic') headers.authorization = `Basic ${b64('konsulent:hemmelig')}`;
  if (auth === 'empty') headers.authorization = 'Bearer ';
  if (r.body !== undefined) {
    headers['content-type'] = r.contentType ?? 'application/json';
    headers['content-length'] = Buffer.byteLength(r.body);
  }
  const url = new URL(svc.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: r.method, path: r.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** What the fuzzing must not change: rows in the read model, and the workflows of the task queue. */
async function footprint() {
  const count = async (table: string) => (await svc.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  return {
    cases: await count('cases'),
    subsidies: await count('subsidies'),
    tasks: await count('tasks'),
    caseEvents: await count('case_events'),
    emails: await count('email_outbox'),
    seqs: await seqs(svc, [f.caseId]),
  };
}
const workflowCount = async () => (await svc.client.workflow.count(`TaskQueue = '${svc.taskQueue}'`)).count;

beforeAll(async () => {
  svc = await startTestService();
  const make = (role: Role, org: string, n: number) => Promise.all(Array.from({ length: n }, () => svc.token(role, org)));
  tokens.consultant = await make('consultant', 'fastholdelsescentret', 8);
  tokens.supervisor = await make('supervisor', 'fastholdelsescentret', 3);
  tokens.insurer = await make('insurer', insurerOrg, 3);
  tokens.caseworker = await make('caseworker', '751', 2);
  const me = await ownerOf(svc, tokens.consultant[0]);
  const base = intakeBody();
  f = await buildFixtureCase(svc, {
    consultant: tokens.consultant[0],
    insurer: tokens.insurer[0],
    intake: { insurer: { ...base.insurer, id: insurerOrg } },
    tasks: [
      { label: 'open', owner: me },
      { label: 'done', owner: me, done: true },
    ],
  });
  tokens.citizen = await make('citizen', f.caseId, 2);
}, 120_000);
afterAll(async () => svc?.stop());

test('the seed bodies are valid, so every mutation differs from a valid request in what it names', () => {
  const valid = validBodies();
  const withBody = API_OPERATIONS.filter((op) => op.body);
  expect(withBody.map(opKey).filter((k) => !(k in valid))).toEqual([]);
  for (const op of withBody) {
    const r = (op.body as z.ZodType).safeParse(valid[opKey(op)]);
    expect({ op: opKey(op), issues: r.success ? [] : r.error.issues }).toEqual({ op: opKey(op), issues: [] });
  }
});

test('thousands of malformed requests on every operation: no 5xx, refusals are problem+json, nothing started or changed, still healthy', async () => {
  const requests = fuzzRequests(rng(20260110));
  expect(requests.length).toBeGreaterThanOrEqual(1000);
  // Every operation of the registry gets its share.
  const perOp = new Map<string, number>();
  for (const r of requests) perOp.set(r.op, (perOp.get(r.op) ?? 0) + 1);
  expect(API_OPERATIONS.map(opKey).filter((k) => (perOp.get(k) ?? 0) < 10)).toEqual([]);

  // Visibility is eventually consistent: wait until the workflow count is steady, and the fixture quiet.
  const historiesBefore = await settled(svc, [f.caseId]);
  const workflowsBefore = await eventually(async () => {
    const n = await workflowCount();
    await new Promise((r) => setTimeout(r, 300));
    return n === (await workflowCount()) && n > 0 && n;
  });
  const before = await footprint();

  const failures: string[] = [];
  const byStatus = new Map<number, number>();
  let i = 0;
  const worker = async () => {
    while (i < requests.length) {
      const n = i++;
      const r = requests[n];
      const res = await send(r, n).catch((err: Error) => ({ status: 0, type: '', text: String(err) }));
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      let problem: { status?: number; type?: string } = {};
      try {
        problem = JSON.parse(res.text);
      } catch {
        // not JSON: judged below
      }
      const ok2xx = res.status >= 200 && res.status < 300;
      const contentOk = ok2xx ? (NON_JSON_SUCCESS[r.op] ?? /^application\/json/).test(res.type) : res.type.startsWith('application/problem+json') && problem.status === res.status && typeof problem.type === 'string';
      const statusOk = ok2xx ? Boolean(r.mayPass) : res.status >= 400 && res.status < 500 && (!r.expect || r.expect.includes(res.status));
      if (!statusOk || !contentOk || res.text.includes('root:x:0:0')) {
        failures.push(`#${n} ${r.method} ${r.path.slice(0, 90)} [${r.op}: ${r.kind}] → ${res.status} ${res.type} ${res.text.slice(0, 160)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  expect(failures).toEqual([]);
  // The spread of answers, for the report.
  console.log(`fuzz: ${requests.length} requests over ${perOp.size} operations; statuses ${JSON.stringify(Object.fromEntries([...byStatus].sort((a, b) => a[0] - b[0])))}`);

  // Nothing was started, recorded or sent; the fixture's workflows took no step.
  await new Promise((r) => setTimeout(r, 1000));
  expect(await footprint()).toEqual(before);
  expect(await workflowCount()).toBe(workflowsBefore);
  expect(await settled(svc, [f.caseId])).toEqual(historiesBefore);
  const health = await svc.api('GET', '/api/health/ready');
  expect([health.status, health.body]).toEqual([200, { temporal: 'ok', postgres: 'ok', smtp: 'ok' }]);
  expect((await svc.api('GET', `/api/cases/${f.caseId}`, { token: tokens.consultant![0] })).status).toBe(200);
});
