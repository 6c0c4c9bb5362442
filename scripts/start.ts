// `npm start`: provisions tools, starts the embedded stack (or uses the configured parts), runs the
// migrations, starts the worker and the API, prints where everything is, and stops it all on Ctrl-C.
import path from 'node:path';
import { startStack, StackError, type Stack } from './stack';
import { loadConfig } from '../infra/config';
import { createPool } from '../infra/connections';
import { migrate } from '../db/migrate';
import { startWorker, type RunningWorker } from '../worker/run';
import { startApi, type RunningApi } from '../api/server';
import { ensureDemoTokens } from './demoTokens';
import { assertPortFree } from './stack/ports';
import { devKeyFile, ensureDevPayloadKeys } from '../infra/dataConverter';
import { installWorkerRuntime } from '../worker/runtime';
import { ensureRuntimeLogin, runtimeRoleName, runtimeUrl } from '../db/roles';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const DATA_DIR = path.resolve(__dirname, '..', '.data');
const log = (line: string) => console.log(line);

async function main() {
  let stack: Stack | undefined;
  let worker: RunningWorker | undefined;
  let api: RunningApi | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('\n» stopping: API, worker, then the stack …');
    await api?.shutdown().catch(() => undefined);
    await worker?.shutdown().catch(() => undefined);
    await stack?.stop().catch((err) => console.error(String(err)));
    log('» stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    // The in-process worker logs warnings only, so the URLs and tokens below stay readable.
    const level = (process.env.LOG_LEVEL ?? 'WARN').toUpperCase();
    installWorkerRuntime({ LOG_LEVEL: (['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const).find((l) => l === level) ?? 'WARN' });
    const port = Number(process.env.PORT ?? 3000);
    await assertPortFree(port, 'API');
    if (!process.env.PAYLOAD_KEYS && process.env.NODE_ENV !== 'production') {
      // Development default: one generated key, persisted so existing workflows stay readable.
      process.env.PAYLOAD_KEYS = ensureDevPayloadKeys(DATA_DIR);
      log(`» Temporal payloads encrypted with the development key in ${path.relative(process.cwd(), devKeyFile(DATA_DIR)) || devKeyFile(DATA_DIR)}`);
    }
    stack = await startStack({ dataDir: DATA_DIR, log, uiCodecEndpoint: `http://localhost:${port}/codec` });
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      SMTP_URL: stack.smtpUrl,
    });
    const pool = createPool(config.DATABASE_URL, 2);
    const applied = await migrate(pool);
    if (applied.length) log(`» database migrations applied: ${applied.join(', ')}`);
    const tokens = await ensureDemoTokens(pool, DATA_DIR);
    const { rows: anyCase } = await pool.query('SELECT 1 FROM cases LIMIT 1');
    // The worker and the API log in as the runtime role (db/roles.ts), as in production; the
    // owner above only migrates. A DATABASE_URL whose user may not create roles keeps the owner.
    let runtimeConfig = config;
    try {
      const pwFile = path.join(DATA_DIR, 'runtime-db-password');
      if (!existsSync(pwFile)) writeFileSync(pwFile, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
      const password = readFileSync(pwFile, 'utf8').trim();
      await ensureRuntimeLogin(pool, runtimeRoleName(), password);
      runtimeConfig = { ...config, DATABASE_URL: runtimeUrl(config.DATABASE_URL, runtimeRoleName(), password) };
    } catch (err) {
      log(`! the service runs as the database owner: cannot set up the runtime role (${(err as Error).message.split('\n')[0]})`);
    }
    await pool.end();
    worker = await startWorker(runtimeConfig);
    api = await startApi(runtimeConfig);
    log('');
    log(`✔ API:           ${api.url}/api  (health: ${api.url}/api/health)`);
    log(`✔ Dashboard:     ${api.url}/`);
    // localhost, like the API: the codec cookie set at dashboard sign-in is only sent within one site.
    const noUi = stack.temporalCluster
      ? `(cluster engine ${stack.temporalCluster.version} on ${stack.temporalAddress}, no Web UI: .tools/bin/temporal workflow list --address ${stack.temporalAddress})`
      : '(external Temporal: see its own UI)';
    log(`✔ Temporal UI:   ${stack.temporalUiUrl?.replace('127.0.0.1', 'localhost') ?? noUi}`);
    if (stack.temporalUiUrl) log('                 (sign in to the dashboard as consultant or supervisor first to see decrypted payloads)');
    log(`✔ Caught mail:   ${stack.mailWebUrl ?? `(external SMTP: ${config.SMTP_URL})`}`);
    log(`✔ Data:          ${DATA_DIR}`);
    log('');
    log('Demo tokens (Authorization: Bearer <token>):');
    for (const [role, token] of Object.entries(tokens)) log(`  ${role.padEnd(11)} ${token}`);
    log('');
    if (anyCase.length === 0) log('No cases yet: `npm run demo` (in another terminal) creates a dozen demo cases through the API.');
    log('Ctrl-C stops everything.');
    worker.done.catch((err) => {
      console.error(`✖ worker stopped: ${(err as Error).message}`);
      void stop(1);
    });
  } catch (err) {
    const msg = err instanceof StackError || err instanceof Error ? err.message : String(err);
    console.error(`✖ ${msg}`);
    await stop(1);
  }
}

void main();
