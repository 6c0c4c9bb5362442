// Local SMTP catcher for development and tests: a real SMTP server on loopback that accepts every
// message, keeps it as a JSON file (surviving restarts) and exposes it over a small HTTP inspection API.
// Recipients under the reserved `.invalid` domain are refused with 550, so bounces can be tried locally.
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { StackError } from './errors';

export interface CaughtMessage {
  id: string;
  receivedAt: string;
  messageId: string | null;
  from: string;
  /** Envelope recipients (what the sender actually delivered to, Bcc included). */
  to: string[];
  subject: string;
  text: string;
  html?: string;
}

export interface SmtpCatcherOptions {
  smtpPort: number;
  httpPort: number;
  /** Messages go to <dataDir>/mail/ unless mailDir is given. */
  dataDir?: string;
  mailDir?: string;
  log: (line: string) => void;
  /** Waits this long before answering a message's DATA (a slow relay, for the fault run). */
  answerDelayMs?: number;
}

export interface SmtpCatcher {
  smtpUrl: string;
  webUrl: string;
  mailDir: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** Recipients the catcher refuses permanently (RFC 2606 reserves `.invalid`, so no real address matches). */
export const REFUSED_RECIPIENT = /\.invalid$/i;

export async function startSmtpCatcher(opts: SmtpCatcherOptions): Promise<SmtpCatcher> {
  const mailDir = opts.mailDir ?? (opts.dataDir ? path.join(opts.dataDir, 'mail') : undefined);
  if (!mailDir) throw new StackError('SMTP catcher needs dataDir or mailDir');
  await fsp.mkdir(mailDir, { recursive: true });
  const store = new MailStore(mailDir);

  const smtp = new SMTPServer({
    authOptional: true,
    // Plain SMTP only: STARTTLS would offer a self-signed certificate that clients then reject.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: MAX_MESSAGE_BYTES,
    banner: 'retention-cases SMTP catcher',
    onRcptTo(address, _session, callback) {
      if (!REFUSED_RECIPIENT.test(address.address)) return callback();
      // What a real relay answers for a mailbox that does not exist: permanent, never worth retrying.
      const err = Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`), { responseCode: 550 });
      callback(err);
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
          const receivedAt = new Date();
          const message: CaughtMessage = {
            id: newId(receivedAt),
            receivedAt: receivedAt.toISOString(),
            messageId: parsed.messageId ?? null,
            from: parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
            to: envelopeTo.length ? envelopeTo : headerAddresses(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            ...(typeof parsed.html === 'string' ? { html: parsed.html } : {}),
          };
          if (opts.answerDelayMs) await new Promise((r) => setTimeout(r, opts.answerDelayMs));
          await store.save(message);
          opts.log(`  ✉ ${message.to.join(', ')}: ${message.subject}`);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });

  // A client that drops its connection mid-session (a worker killed while sending) is routine for a relay;
  // unhandled, the server's 'error' event would end the process, and with it the stack it runs in.
  smtp.on('error', (err: Error) => opts.log(`  SMTP catcher: a client connection failed (${err.message})`));

  const web = http.createServer((req, res) => {
    handleHttp(store, req, res).catch((err: Error) => send(res, 500, { error: err.message }));
  });

  try {
    await listen('SMTP catcher (SMTP)', opts.smtpPort, (cb) => smtp.listen(opts.smtpPort, HOST, cb), smtp.server);
    await listen('SMTP catcher (web)', opts.httpPort, (cb) => web.listen(opts.httpPort, HOST, cb), web);
  } catch (err) {
    await closeQuietly(smtp, web);
    throw err;
  }

  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= closeQuietly(smtp, web));
  const smtpUrl = `smtp://${HOST}:${opts.smtpPort}`;
  const webUrl = `http://${HOST}:${opts.httpPort}`;
  opts.log(`✓ SMTP catcher on ${smtpUrl} (messages: ${webUrl})`);
  return { smtpUrl, webUrl, mailDir, stop };
}

function listen(what: string, port: number, start: (cb: () => void) => void, server: import('node:net').Server): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new StackError(`port ${port} (${what}) is already in use; stop the other process or set SMTP_URL`)
          : new StackError(`${what} cannot listen on ${HOST}:${port}: ${err.message}`),
      );
    server.once('error', onError);
    start(() => {
      server.removeListener('error', onError);
      resolve();
    });
  });
}

async function closeQuietly(smtp: SMTPServer, web: http.Server): Promise<void> {
  await Promise.all([
    new Promise<void>((resolve) => (smtp.server.listening ? smtp.close(() => resolve()) : resolve())),
    new Promise<void>((resolve) => {
      if (!web.listening) return resolve();
      web.close(() => resolve());
      // Keep-alive connections from browsers would otherwise hold close() open.
      web.closeAllConnections();
    }),
  ]);
}

/** Sortable by arrival: millisecond timestamp first, random suffix against same-millisecond collisions. */
function newId(at: Date): string {
  return `${at.toISOString().replace(/[-:.TZ]/g, '')}-${randomBytes(4).toString('hex')}`;
}

function headerAddresses(to: AddressObject | AddressObject[] | undefined): string[] {
  const list = to === undefined ? [] : Array.isArray(to) ? to : [to];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

class MailStore {
  constructor(private readonly dir: string) {}

  async save(message: CaughtMessage): Promise<void> {
    const file = this.file(message.id);
    // Write-then-rename so a reader (or a kill -9) never sees half a message.
    await fsp.writeFile(`${file}.tmp`, JSON.stringify(message, null, 2));
    await fsp.rename(`${file}.tmp`, file);
  }

  async list(): Promise<CaughtMessage[]> {
    const names = (await fsp.readdir(this.dir)).filter((n) => n.endsWith('.json')).sort();
    const messages: CaughtMessage[] = [];
    for (const name of names) {
      const m = await this.read(name.slice(0, -'.json'.length));
      if (m) messages.push(m);
    }
    return messages.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  }

  async read(id: string): Promise<CaughtMessage | null> {
    if (!/^[\w-]+$/.test(id)) return null;
    try {
      return JSON.parse(await fsp.readFile(this.file(id), 'utf8')) as CaughtMessage;
    } catch {
      return null;
    }
  }

  async remove(id?: string): Promise<number> {
    const names = id
      ? [`${id}.json`]
      : (await fsp.readdir(this.dir)).filter((n) => n.endsWith('.json') || n.endsWith('.tmp'));
    let removed = 0;
    for (const name of names) {
      if (!/^[\w-]+\.json(\.tmp)?$/.test(name)) continue;
      await fsp.rm(path.join(this.dir, name), { force: true }).then(() => removed++);
    }
    return removed;
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }
}

async function handleHttp(store: MailStore, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const parts = url.pathname.split('/').filter(Boolean);
  const method = req.method ?? 'GET';

  if (parts.length === 0 && method === 'GET') {
    return sendHtml(res, renderIndex(await store.list()));
  }
  if (parts[0] !== 'messages' || parts.length > 2) return send(res, 404, { error: 'not found' });

  if (parts.length === 1) {
    if (method === 'GET') {
      const to = url.searchParams.get('to')?.toLowerCase();
      const all = await store.list();
      return send(res, 200, to ? all.filter((m) => m.to.some((a) => a.toLowerCase() === to)) : all);
    }
    if (method === 'DELETE') return send(res, 200, { deleted: await store.remove() });
  } else {
    const id = decodeURIComponent(parts[1]);
    if (method === 'GET') {
      const m = await store.read(id);
      return m ? send(res, 200, m) : send(res, 404, { error: `no message ${id}` });
    }
    if (method === 'DELETE') {
      if (!(await store.read(id))) return send(res, 404, { error: `no message ${id}` });
      return send(res, 200, { deleted: await store.remove(id) });
    }
  }
  res.setHeader('allow', 'GET, DELETE');
  return send(res, 405, { error: `${method} not allowed` });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendHtml(res: http.ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function renderIndex(messages: CaughtMessage[]): string {
  const rows = messages
    .slice()
    .reverse()
    .map(
      (m) =>
        `<tr><td>${esc(m.receivedAt)}</td><td>${esc(m.from)}</td><td>${esc(m.to.join(', '))}</td>` +
        `<td><a href="/messages/${encodeURIComponent(m.id)}">${esc(m.subject || '(no subject)')}</a></td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>SMTP catcher</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ddd;text-align:left}</style>
</head><body><h1>Caught mail (${messages.length})</h1>
<table><tr><th>received</th><th>from</th><th>to</th><th>subject</th></tr>
${rows || '<tr><td colspan="4">no messages yet</td></tr>'}
</table><p>JSON: <a href="/messages">/messages</a> · clear: <code>DELETE /messages</code></p></body></html>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
