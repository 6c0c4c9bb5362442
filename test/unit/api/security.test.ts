// Security headers: HSTS only over https (directly or via a trusted proxy), the strict CSP on API paths.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { API_CSP, PAGE_CSP, securityHeaders } from '../../../api/security';

async function serve(trustProxy: boolean) {
  const app = express();
  app.use(securityHeaders({ trustProxy }));
  app.get(['/api/x', '/'], (_req, res) => {
    res.send('ok');
  });
  const server = await new Promise<Server>((r) => {
    const s = app.listen(0, '127.0.0.1', () => r(s));
  });
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('HSTS behind a trusted https proxy only; deny-all CSP on the API, a baseline elsewhere', async () => {
  const trusted = await serve(true);
  const untrusted = await serve(false);
  try {
    const https = { 'x-forwarded-proto': 'https' };
    expect((await fetch(`${trusted.base}/api/x`, { headers: https })).headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect((await fetch(`${trusted.base}/api/x`)).headers.get('strict-transport-security')).toBeNull();
    expect((await fetch(`${untrusted.base}/api/x`, { headers: https })).headers.get('strict-transport-security')).toBeNull();
    expect((await fetch(`${trusted.base}/api/x`)).headers.get('content-security-policy')).toBe(API_CSP);
    const page = await fetch(`${trusted.base}/`);
    expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP);
    expect(page.headers.get('cache-control')).toBeNull();
  } finally {
    await trusted.close();
    await untrusted.close();
  }
});
