// Settings only a real deployment needs: how to reach a secured Temporal (mTLS or Temporal Cloud
// API key), metrics and health endpoints, and diagnostic task logs. Spread into infra/config.ts.
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import { z } from 'zod';

// Environment values are strings: "false" must mean false (z.coerce.boolean would say true).
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalPort = z.coerce.number().int().min(1).max(65535).optional();
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));

/** Zod shape of the deployment variables (every one optional; the embedded stack needs none). */
export const deploymentEnvShape = {
  /** Use TLS to the Temporal frontend (implied by a client certificate or an API key). */
  TEMPORAL_TLS: flag,
  /** mTLS client certificate and key (PEM file paths). */
  TEMPORAL_TLS_CERT: optionalText,
  TEMPORAL_TLS_KEY: optionalText,
  /** CA of a self-hosted cluster's server certificate (PEM file path); the OS trust store otherwise. */
  TEMPORAL_TLS_CA: optionalText,
  /** SNI / host name to verify, when it differs from the address (e.g. behind a proxy). */
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  /** Temporal Cloud API key (sent as a bearer token; implies TLS). */
  TEMPORAL_API_KEY: optionalText,
  /** When set, GET /metrics on the API asks for `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: optionalText,
  /** Port of the worker runtime's Prometheus endpoint (`/metrics`); off when unset. */
  WORKER_METRICS_PORT: optionalPort,
  /** Port of the worker's health endpoint (`/health`); off when unset. */
  WORKER_HEALTH_PORT: optionalPort,
  /** One JSON line per workflow task and activity the worker runs (diagnostics, demos). */
  LOG_TASKS: flag,
  /** Level of the worker's JSON log (any case: the API's request log reads the same variable in lower case). */
  LOG_LEVEL: z
    .string()
    .default('INFO')
    .transform((v) => v.toUpperCase())
    .pipe(z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'])),
};

const deploymentEnv = z.object(deploymentEnvShape);
/** The parsed deployment variables. */
export type DeploymentEnv = z.infer<typeof deploymentEnv>;

/** How to connect to Temporal securely: the `tls` and `apiKey` connection options. */
export interface TemporalSecurity {
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

const readPem = (what: string, file: string): Buffer => {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`cannot read ${what} ${file}: ${(err as Error).message}`);
  }
};

/** Builds the connection options; throws one readable line for a half-configured mTLS. */
export function temporalSecurity(env: Pick<DeploymentEnv, 'TEMPORAL_TLS' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA' | 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_API_KEY'>): TemporalSecurity {
  if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
    throw new Error('invalid configuration: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together (mTLS)');
  }
  const tlsWanted = env.TEMPORAL_TLS || Boolean(env.TEMPORAL_TLS_CERT || env.TEMPORAL_TLS_CA || env.TEMPORAL_TLS_SERVER_NAME || env.TEMPORAL_API_KEY);
  if (!tlsWanted) return {};
  const tls: TLSConfig = {};
  if (env.TEMPORAL_TLS_CERT && env.TEMPORAL_TLS_KEY) {
    tls.clientCertPair = { crt: readPem('TEMPORAL_TLS_CERT', env.TEMPORAL_TLS_CERT), key: readPem('TEMPORAL_TLS_KEY', env.TEMPORAL_TLS_KEY) };
  }
  if (env.TEMPORAL_TLS_CA) tls.serverRootCACertificate = readPem('TEMPORAL_TLS_CA', env.TEMPORAL_TLS_CA);
  if (env.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = env.TEMPORAL_TLS_SERVER_NAME;
  return env.TEMPORAL_API_KEY ? { tls, apiKey: env.TEMPORAL_API_KEY } : { tls };
}
