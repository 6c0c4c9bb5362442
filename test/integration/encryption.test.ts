// Payload encryption end to end: a case opened through HTTP, its Temporal history read with the real
// Temporal CLI holds neither the citizen's name nor the injury description in clear text (not even
// base64-encoded), while the API still serves both.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { intakeBody } from '../support/fixtures';
import { stackEnv, startTestService, type TestService } from '../support/service';

const run = promisify(execFile);
let svc: TestService;
let consultant: string;

/** The CLI `npm test` provisioned (scripts/stack/tools.ts resolution), else the project's `.tools/bin`. */
function temporalCli(): string {
  const cli = process.env.TEMPORAL_CLI_PATH ?? path.resolve(__dirname, '..', '..', '.tools', 'bin', 'temporal');
  if (!existsSync(cli)) throw new Error(`Temporal CLI not found at ${cli}: run through \`npm test\``);
  return cli;
}

/** Every string in the JSON, plus the UTF-8 decoding of those that are base64 (payload bytes). */
function readableText(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') {
    out.push(v);
    if (v.length >= 4 && /^[A-Za-z0-9+/]+={0,2}$/.test(v)) out.push(Buffer.from(v, 'base64').toString('utf8'));
  } else if (Array.isArray(v)) v.forEach((x) => readableText(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => readableText(x, out));
  return out;
}

beforeAll(async () => {
  svc = await startTestService();
  consultant = await svc.token('consultant', 'fastholdelsescentret');
});
afterAll(async () => svc?.stop());

test('the Temporal history holds no citizen name or injury description; the API still serves them', async () => {
  const tag = randomUUID().slice(0, 8);
  const name = `Birgitte Borgersen ${tag}`;
  const description = `Klemt finger i båndsav ${tag}`;
  const base = intakeBody();
  const created = await svc.api('POST', '/api/cases', {
    token: consultant,
    body: { ...base, citizen: { ...base.citizen, name }, injury: { ...base.injury, description, permanentConsequences: 'unknown' } },
  });
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;
  // An update too, so the history holds update payloads and their answers.
  expect((await svc.api('POST', `/api/cases/${caseId}/screening`, { token: consultant, body: { riskScore: 80 } })).status).toBe(200);

  const { stdout } = await run(
    temporalCli(),
    ['workflow', 'show', '--workflow-id', `case-${caseId}`, '--address', stackEnv().temporalAddress, '--namespace', 'default', '--output', 'json'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const history = JSON.parse(stdout) as unknown;
  const text = readableText(history).join('\n');
  expect(text).toMatch(/workflow_?execution_?started/i); // it is the history, not an error
  expect(text).toContain('binary/encrypted'); // payloads are encrypted …
  expect(text).not.toContain(name); // … so nothing personal is readable
  expect(text).not.toContain(tag);
  expect(text).not.toContain('Klemt finger');

  const got = await svc.api('GET', `/api/cases/${caseId}`, { token: consultant });
  expect(got.status).toBe(200);
  expect(got.body.citizen.name).toBe(name);
  expect(got.body.injury.description).toBe(description);
});
