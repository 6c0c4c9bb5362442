// Timing and process helpers shared by the stack launchers.
import fsp from 'node:fs/promises';

/** True if `promise` settles within `ms`; the timer is cleared either way so it never holds the process open. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops process `pid` if it is alive and its command line contains every string in `mustContain`
 * (so a recycled pid belonging to something else is never touched): `signal`, then SIGKILL after 10 s.
 */
export async function reapProcess(
  pid: number,
  mustContain: string[],
  signal: NodeJS.Signals,
  what: string,
  log: (line: string) => void,
): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return;
  let cmdline: string;
  try {
    cmdline = (await fsp.readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
  } catch {
    return;
  }
  if (!mustContain.every((s) => cmdline.includes(s))) return;
  log(`  stopping ${what} (pid ${pid})`);
  try {
    process.kill(pid, signal);
    for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
  } catch {
    // Already gone, or not ours to signal: the port check that follows reports what is still in the way.
  }
}
