// Configuration from the environment, read once, shared by the API and the worker processes.
import { z } from 'zod';
import { deploymentEnvShape } from './deploymentEnv';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().min(1),
  TEMPORAL_ADDRESS: z.string().min(1),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE: z.string().min(1).default('retention-cases'),
  SMTP_URL: z.string().min(1),
  MAIL_FROM: z.string().min(1).default('Fastholdelsescentret <noreply@fastholdelse.local>'),
  PUBLIC_URL: z.string().url().optional(),
  // Sticky-cache size of the worker (workflows kept in memory); the SDK sizes it from the heap when unset.
  // At least 1: a local projection keeps its workflow task open while it runs, and a run evicted meanwhile loses it.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(1, 'must be at least 1 (local projections need their run cached while they run)').optional(),
  // A prebuilt workflow bundle (`npm run build`); unset or empty: the worker bundles the workflow code at start.
  WORKFLOW_BUNDLE_PATH: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  // How long a stopping worker lets running activities finish before it cancels them.
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  // Temporal TLS / API key, metrics, worker health, task logs (all optional; see docs/operations.md).
  ...deploymentEnvShape,
});

/** The service's settings. */
export type Config = z.infer<typeof envSchema> & { PUBLIC_URL: string };

/** Parses the environment; throws one readable line naming the bad variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const bad = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${bad}`);
  }
  return { ...parsed.data, PUBLIC_URL: parsed.data.PUBLIC_URL ?? `http://localhost:${parsed.data.PORT}` };
}
