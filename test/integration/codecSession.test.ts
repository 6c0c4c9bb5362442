// The Temporal UI's way to the payload codec: a consultant's or supervisor's dashboard sign-in sets
// an HttpOnly cookie for /codec, which the UI's credentialed calls carry instead of a bearer token.
import { startTestService, type TestService } from '../support/service';
import { temporalUiOrigin } from '../../api/routes/codec';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => svc?.stop());

const b64 = (s: string) => Buffer.from(s).toString('base64');
const plain = { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('"Jens Jensen"') }] };

test('a consultant sign-in lets the Temporal UI decode with the cookie alone', async () => {
  const token = await svc.token('consultant', 'fastholdelsescentret');
  const session = await svc.api('POST', '/api/session/codec', { token });
  expect(session.status).toBe(204);
  const setCookie = session.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/^rt_codec=[^;]+; Path=\/codec; HttpOnly; SameSite=Strict; Max-Age=3600/);
  const cookie = setCookie.split(';')[0];

  const encoded = await svc.api('POST', '/codec/encode', { token, body: plain });
  expect(encoded.status).toBe(200);
  expect(Buffer.from(encoded.body.payloads[0].data, 'base64').toString()).not.toContain('Jens');

  const origin = temporalUiOrigin();
  const decoded = await svc.api('POST', '/codec/decode', { body: encoded.body, headers: { cookie, origin } });
  expect(decoded.status).toBe(200);
  expect(decoded.headers.get('access-control-allow-origin')).toBe(origin);
  expect(decoded.headers.get('access-control-allow-credentials')).toBe('true');
  expect(Buffer.from(decoded.body.payloads[0].data, 'base64').toString()).toBe('"Jens Jensen"');

  const out = await svc.api('DELETE', '/api/session/codec', { token });
  expect(out.status).toBe(204);
  expect(out.headers.get('set-cookie')).toMatch(/^rt_codec=; Path=\/codec;.*Max-Age=0/);
});

test('others get no cookie, and a cookie of theirs does not open the codec', async () => {
  const employer = await svc.token('employer', '12345678');
  const refused = await svc.api('POST', '/api/session/codec', { token: employer });
  expect(refused.status).toBe(403);
  expect(refused.headers.get('set-cookie')).toBeNull();
  // A token is no codec session: as cookie it authenticates nobody.
  const forged = await svc.api('POST', '/codec/decode', { body: plain, headers: { cookie: `rt_codec=${employer}` } });
  expect(forged.status).toBe(401);
  const none = await svc.api('POST', '/codec/decode', { body: plain });
  expect(none.status).toBe(401);
});
