// The load generator: a bounded concurrency pool, JSON over HTTP to 127.0.0.1 only, retries of the
// SAME request on network errors and 5xx (as a careful client would), and a progress ticker.
import { randomUUID } from 'node:crypto';
import { nowMs } from './stats';
import type { Log } from './harness';

/** An HTTP answer (body parsed as JSON when it is JSON). */
export interface HttpAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of many endpoints
}

/** Sends one request; a network failure or timeout is status 0. */
export async function http(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpAnswer & { error?: string }> {
  const url = new URL(path, baseUrl);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`refusing to load ${url.host}: loopback only`);
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(url, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  } catch (err) {
    return { status: 0, body: undefined, error: (err as Error).message };
  }
}

/** What a retried operation ended with. */
export interface Attempted {
  answer: HttpAnswer & { error?: string };
  attempts: number;
  /** Milliseconds from the first attempt to the final answer. */
  ms: number;
}

/**
 * Sends the same request until it gets an answer that is not a network error or 5xx, or the
 * deadline passes; backoff 250 ms doubling to 5 s. `send` gets one fresh Idempotency-Key for the
 * whole operation, the same on every attempt, so a command whose first answer was lost is not done twice.
 */
export async function withRetries(send: (idempotencyKey: string) => Promise<HttpAnswer & { error?: string }>, deadlineMs: number): Promise<Attempted> {
  const t0 = nowMs();
  const key = randomUUID();
  let attempts = 0;
  let wait = 250;
  for (;;) {
    attempts++;
    const answer = await send(key);
    const retryable = answer.status === 0 || answer.status >= 500;
    if (!retryable || nowMs() - t0 > deadlineMs) return { answer, attempts, ms: nowMs() - t0 };
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 5_000);
  }
}

/** Runs `fn` over 0..n-1 with at most `concurrency` in flight; reports progress every 5 s. */
export async function runPool(
  n: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
  progress?: { log: Log; label: string },
): Promise<void> {
  let next = 0;
  let done = 0;
  const t0 = nowMs();
  const ticker = progress
    ? setInterval(() => {
        const s = (nowMs() - t0) / 1000;
        progress.log(`  ${progress.label}: ${done}/${n} (${(done / s).toFixed(1)}/s)`);
      }, 5_000)
    : undefined;
  try {
    const lane = async () => {
      while (next < n) {
        const i = next++;
        await fn(i);
        done++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  } finally {
    if (ticker) clearInterval(ticker);
  }
}
