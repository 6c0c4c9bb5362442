// Port checks for the embedded stack: fail early with an actionable message instead of letting a
// child process die on "address already in use", and hand out free ports to tests.
import net from 'node:net';
import { StackError } from './errors';

/** The env var that lets a user point at an existing service instead of the embedded one. */
const OVERRIDE_HINT: Record<string, string> = {
  'Temporal dev server': 'TEMPORAL_ADDRESS',
  'Temporal frontend': 'TEMPORAL_ADDRESS',
  PostgreSQL: 'DATABASE_URL',
  'SMTP catcher': 'SMTP_URL',
};

function listenOnce(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Resolves when `port` can be bound on 127.0.0.1 and 0.0.0.0; throws StackError otherwise. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  // Children bind loopback or all interfaces depending on the tool, so both must be free.
  const free = (await listenOnce(port, '127.0.0.1')) && (await listenOnce(port, '0.0.0.0'));
  if (free) return;
  const hint = Object.entries(OVERRIDE_HINT).find(([k]) => what.startsWith(k))?.[1];
  throw new StackError(
    `port ${port} (${what}) is already in use; stop the other process` +
      (hint ? ` or set ${hint}` : ' or choose another port'),
  );
}

/** An ephemeral port the OS considers free right now (racy by nature; fine for tests). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** True once something accepts TCP connections on host:port. */
export function canConnect(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
