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
    const pool = createPool(stack.databaseUrl, 1);
    await migrate(pool);
    await pool.end();
    log('» running jest …');
    const code = await new Promise<number>((resolve) => {
      const jest = spawn(process.execPath, [require.resolve('jest/bin/jest'), '--forceExit', '--runInBand', ...process.argv.slice(2)], {
        cwd: ROOT,
        stdio: 'inherit',
        env: {
          ...process.env,
          TEST_TEMPORAL_ADDRESS: stack!.temporalAddress,
          TEST_DATABASE_URL: stack!.databaseUrl,
          TEST_SMTP_URL: stack!.smtpUrl,
          TEST_MAIL_WEB_URL: stack!.mailWebUrl ?? '',
          TEMPORAL_TEST_SERVER_PATH: testServer,
          TEMPORAL_CLI_PATH: temporalCli,
          // A fresh payload key per run (nothing outlives the run's stack); request log lines off.
          PAYLOAD_KEYS: process.env.PAYLOAD_KEYS || generatePayloadKeySpec('test'),
          LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
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
