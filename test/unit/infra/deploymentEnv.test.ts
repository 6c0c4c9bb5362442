// Deployment settings from the environment: Temporal TLS / API key options and the flag parsing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../infra/config';
import { temporalSecurity } from '../../../infra/deploymentEnv';

const base = { DATABASE_URL: 'postgres://x/y', TEMPORAL_ADDRESS: 'temporal:7233', SMTP_URL: 'smtp://mail:1025' };

test('no TLS settings: a plain connection (the embedded stack)', () => {
  expect(temporalSecurity(loadConfig(base))).toEqual({});
  expect(temporalSecurity(loadConfig({ ...base, TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: '' }))).toEqual({});
});

test('an API key (Temporal Cloud) implies TLS', () => {
  expect(temporalSecurity(loadConfig({ ...base, TEMPORAL_API_KEY: 'cloud-key' }))).toEqual({ tls: {}, apiKey: 'cloud-key' });
  expect(temporalSecurity(loadConfig({ ...base, TEMPORAL_TLS: 'true' }))).toEqual({ tls: {} });
});

test('mTLS reads the certificate, key and CA files; half a pair is a readable error', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tls-'));
  for (const f of ['client.pem', 'client.key', 'ca.pem']) writeFileSync(path.join(dir, f), `-----${f}-----`);
  const sec = temporalSecurity(
    loadConfig({
      ...base,
      TEMPORAL_TLS_CERT: path.join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY: path.join(dir, 'client.key'),
      TEMPORAL_TLS_CA: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    }),
  );
  expect(sec.tls).toEqual({
    clientCertPair: { crt: Buffer.from('-----client.pem-----'), key: Buffer.from('-----client.key-----') },
    serverRootCACertificate: Buffer.from('-----ca.pem-----'),
    serverNameOverride: 'temporal.internal',
  });
  expect(() => temporalSecurity(loadConfig({ ...base, TEMPORAL_TLS_CERT: path.join(dir, 'client.pem') }))).toThrow(/TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together/);
  expect(() => temporalSecurity(loadConfig({ ...base, TEMPORAL_TLS_CERT: '/nope.pem', TEMPORAL_TLS_KEY: '/nope.key' }))).toThrow(/cannot read TEMPORAL_TLS_CERT \/nope\.pem/);
});

test('flags and ports are parsed strictly; LOG_LEVEL accepts any case', () => {
  const c = loadConfig({ ...base, LOG_TASKS: '1', WORKER_METRICS_PORT: '9464', LOG_LEVEL: 'warn' });
  expect(c).toMatchObject({ LOG_TASKS: true, WORKER_METRICS_PORT: 9464, LOG_LEVEL: 'WARN' });
  expect(c.WORKER_HEALTH_PORT).toBeUndefined();
  expect(loadConfig({ ...base, LOG_TASKS: 'false' }).LOG_TASKS).toBe(false);
  expect(() => loadConfig({ ...base, TEMPORAL_TLS: 'maybe' })).toThrow(/TEMPORAL_TLS/);
  expect(() => loadConfig({ ...base, WORKER_HEALTH_PORT: '70000' })).toThrow(/WORKER_HEALTH_PORT/);
});

test('the sticky cache holds at least one run: a local projection needs its run cached while it runs', () => {
  expect(loadConfig({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '250' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(250);
  expect(loadConfig(base).WORKER_MAX_CACHED_WORKFLOWS).toBeUndefined();
  expect(() => loadConfig({ ...base, WORKER_MAX_CACHED_WORKFLOWS: '0' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS: must be at least 1/);
});
