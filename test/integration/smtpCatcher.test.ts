// Integration test of the local SMTP catcher: real SMTP deliveries via nodemailer, read back over its
// HTTP API, persisted across restarts (in-process and after kill -9 of the standalone process).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { findFreePort } from '../../scripts/stack/ports';
import { startSmtpCatcher, type CaughtMessage, type SmtpCatcher } from '../../scripts/stack/smtpCatcher';

jest.setTimeout(30_000);

const REPO = path.resolve(__dirname, '..', '..');
const quiet = () => undefined;

async function send(smtpUrl: string, to: string, subject: string, text: string): Promise<void> {
  const transport = nodemailer.createTransport(smtpUrl);
  try {
    await transport.sendMail({ from: 'Sagsbehandler <case@kommune.test>', to, subject, text });
  } finally {
    transport.close();
  }
}

async function list(webUrl: string, query = ''): Promise<CaughtMessage[]> {
  const res = await fetch(`${webUrl}/messages${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as CaughtMessage[];
}

describe('SMTP catcher', () => {
  let dataDir: string;
  let catcher: SmtpCatcher | undefined;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smtp-catcher-'));
  });

  afterEach(async () => {
    await catcher?.stop();
    catcher = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(smtpPort: number, httpPort: number): Promise<SmtpCatcher> {
    catcher = await startSmtpCatcher({ smtpPort, httpPort, dataDir, log: quiet });
    return catcher;
  }

  it('keeps messages across a restart, filters by recipient, and clears them on DELETE', async () => {
    const [smtpPort, httpPort] = [await findFreePort(), await findFreePort()];
    let c = await start(smtpPort, httpPort);
    expect(c.smtpUrl).toBe(`smtp://127.0.0.1:${smtpPort}`);

    await send(c.smtpUrl, 'worker@example.test', 'Indkaldelse til samtale', 'Du er indkaldt til en opfølgningssamtale.');
    await send(c.smtpUrl, 'employer@example.test', 'Fastholdelsesplan', 'Vedlagt fastholdelsesplanen.');

    const assertBoth = async (url: string) => {
      const all = await list(url);
      expect(all).toHaveLength(2);
      // Newest last.
      expect(all.map((m) => m.subject)).toEqual(['Indkaldelse til samtale', 'Fastholdelsesplan']);
      expect(all[0]).toMatchObject({ to: ['worker@example.test'], from: expect.stringContaining('case@kommune.test') });
      expect(all[0].text).toContain('opfølgningssamtale');
      expect(all[1]).toMatchObject({ to: ['employer@example.test'] });
      expect(all[1].text).toContain('fastholdelsesplanen');
      expect(all[0].messageId).toBeTruthy();
      return all;
    };
    const before = await assertBoth(c.webUrl);
    expect(fs.readdirSync(path.join(dataDir, 'mail')).filter((f) => f.endsWith('.json'))).toHaveLength(2);

    const filtered = await list(c.webUrl, '?to=employer@example.test');
    expect(filtered.map((m) => m.subject)).toEqual(['Fastholdelsesplan']);

    const one = await fetch(`${c.webUrl}/messages/${before[0].id}`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as CaughtMessage).subject).toBe('Indkaldelse til samtale');
    expect((await fetch(`${c.webUrl}/messages/no-such-id`)).status).toBe(404);

    const html = await (await fetch(`${c.webUrl}/`)).text();
    expect(html).toContain('Fastholdelsesplan');

    await c.stop();
    await c.stop(); // idempotent
    c = await start(smtpPort, httpPort);
    expect(await assertBoth(c.webUrl)).toEqual(before);

    const del = await fetch(`${c.webUrl}/messages`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ deleted: 2 });
    expect(await list(c.webUrl)).toEqual([]);
  });

  it('a client that resets its connection mid-session (a worker killed while sending) leaves the catcher serving', async () => {
    const [smtpPort, httpPort] = [await findFreePort(), await findFreePort()];
    const c = await start(smtpPort, httpPort);
    const socket = net.connect(smtpPort, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write('EHLO worker.test\r\nMAIL FROM:<case@kommune.test>\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A TCP reset, as the kernel sends for a killed process's sockets: the server reads ECONNRESET.
    socket.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 200));

    await send(c.smtpUrl, 'worker@example.test', 'Efter nulstillingen', 'Stadig modtaget.');
    expect((await list(c.webUrl)).map((m) => m.subject)).toEqual(['Efter nulstillingen']);
  });

  it('runs standalone from env and keeps mail after kill -9', async () => {
    const [smtpPort, httpPort] = [await findFreePort(), await findFreePort()];
    const mailDir = path.join(dataDir, 'mail');
    const run = () => startMain({ SMTP_PORT: String(smtpPort), HTTP_PORT: String(httpPort), MAIL_DIR: mailDir });

    let proc = await run();
    try {
      await send(`smtp://127.0.0.1:${smtpPort}`, 'worker@example.test', 'Påmindelse', 'Husk samtalen.');
      await kill9(proc);
      proc = await run();
      const all = await list(`http://127.0.0.1:${httpPort}`);
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ subject: 'Påmindelse', to: ['worker@example.test'] });
    } finally {
      await kill9(proc);
    }
  });
});

function startMain(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'scripts/stack/smtpCatcherMain.ts')], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`catcher did not report ready:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/^ready /m.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`catcher exited with ${code}:\n${output}`));
    });
  });
}

function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
