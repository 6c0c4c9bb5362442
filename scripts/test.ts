// `npm test`: provisions the Temporal CLI and time-skipping test server, starts a throw-away
// embedded stack on free ports, runs every jest suite (or the files given), and stops it all.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startStack, StackError, type Stack } from './stack';
import { findFreePort } from './stack/ports';
import { provisionTemporalCli, provisionTestServer } from './stack/tools';
import { generatePayloadKeySpec } from '../infra/payloadCodec';
import { ensureSystemPackages, TEST_SYSTEM_PACKAGES } from './stack/systemPackages';
import { createPool } from '../infra/connections';
import { migrate } from '../db/migrate';
import { ensureRuntimeLogin, runtimeRoleName, runtimeUrl } from '../db/roles';
import { generateCaseIdSecret } from '../api/caseIds';
import { randomBytes } from 'node:crypto';

const ROOT = path.resolve(__dirname, '..');
const log = (line: string) => console.log(line);

async function main(): Promise<number> {
  const base = path.join(ROOT, '.data');
  mkdirSync(base, { recursive: true });
  const dataDir = mkdtempSync(path.join(base, 'test-'));
  let stack: Stack | undefined;
  const cleanup = async () => {
    await stack?.stop().catch((err) => console.error(String(err)));
    if (!process.env.KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.on('SIGTERM', () => void cleanup().then(() => process.exit(143)));
  try {
    ensureSystemPackages(TEST_SYSTEM_PACKAGES, log);
    const testServer = await provisionTestServer(log);
    const temporalCli = await provisionTemporalCli(log); // tests read histories with `temporal workflow show`
    // Tests always get their own stack: never one that happens to be running already.
    const env = { ...process.env };
    delete env.TEMPORAL_ADDRESS;
    delete env.DATABASE_URL;
    delete env.SMTP_URL;
    stack = await startStack({
      dataDir,
      log,
      env,
      withUi: false,
      ports: {
        temporal: await findFreePort(),
        postgres: await findFreePort(),
        smtp: await findFreePort(),
        mailWeb: await findFreePort(),
      },
    });
    // Two roles as in production: the stack's superuser owns and migrates; the service under test
    // connects as the runtime login (TEST_DATABASE_RUNTIME_URL), fixtures as the owner.
    const pool = createPool(stack.databaseUrl, 1);
    await migrate(pool);
    const runtimePassword = randomBytes(18).toString('base64url');
    await ensureRuntimeLogin(pool, runtimeRoleName(), runtimePassword);
    await pool.end();
    const runtimeDatabaseUrl = runtimeUrl(stack.databaseUrl, runtimeRoleName(), runtimePassword);
    log('» running jest …');
    const code = await new Promise<number>((resolve) => {
      const jest = spawn(process.execPath, [require.resolve('jest/bin/jest'), '--forceExit', '--runInBand', ...process.argv.slice(2)], {
        cwd: ROOT,
        stdio: 'inherit',
        env: {
          ...process.env,
          TEST_TEMPORAL_ADDRESS: stack!.temporalAddress,
          TEST_DATABASE_URL: stack!.databaseUrl,
          TEST_DATABASE_RUNTIME_URL: runtimeDatabaseUrl,
          CASE_ID_SECRET: process.env.CASE_ID_SECRET || generateCaseIdSecret(),
          TEST_SMTP_URL: stack!.smtpUrl,
          TEST_MAIL_WEB_URL: stack!.mailWebUrl ?? '',
          TEMPORAL_TEST_SERVER_PATH: testServer,
          TEMPORAL_CLI_PATH: temporalCli,
          // A fresh payload key per run (nothing outlives the run's stack); request log lines off.
          PAYLOAD_KEYS: process.env.PAYLOAD_KEYS || generatePayloadKeySpec('test'),
          LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
          // Every test request comes from 127.0.0.1: the per-address limit would only measure the suites (tests of it set their own).
          RATE_LIMIT_PER_ADDRESS_PER_MINUTE: process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE || '1000000',
        },
      });
      jest.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
    return code;
  } catch (err) {
    console.error(`✖ ${err instanceof StackError || err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await cleanup();
  }
}

void main().then((code) => process.exit(code));
