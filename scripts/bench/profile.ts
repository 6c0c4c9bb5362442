// Summarises the V8 CPU profiles (`--cpu-prof`) of the API and worker children of a bench run: where
// each process spent its own CPU time, by package / project folder and by function.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { table } from './report';
import { fmt } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Which package or project folder a script URL belongs to. */
function area(url: string): string {
  if (!url) return '(native / GC / idle)';
  if (url.startsWith('node:')) return 'node core';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /\/(domain|workflows|activities|api|worker|infra|db|scripts)\//.exec(url);
  if (m) return `project ${m[1]}/`;
  // Workflow code runs from the in-memory bundle (all of domain/, workflows/ and zod in one file).
  return url.includes('workflow-bundle') ? 'workflow bundle (domain/, workflows/, zod)' : path.basename(url);
}

/** Markdown summary of every profile in `dir` (one section per process). */
export function summariseProfiles(dir: string): string {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return '_No CPU profiles were written._';
  }
  const sections: string[] = [];
  for (const f of files) {
    const prof = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CpuProfile;
    const totalMs = (prof.endTime - prof.startTime) / 1000;
    const sampleMs = prof.samples?.length ? totalMs / prof.samples.length : 0;
    const urls = prof.nodes.map((n) => n.callFrame.url).join(' ');
    const who = urls.includes('api/main.ts')
      ? 'API process (main thread)'
      : urls.includes('worker/main.ts')
        ? 'worker process (main thread: activities, Core bridge)'
        : urls.includes('workflow-bundle')
          ? 'worker process (workflow thread: workflow code in its sandbox)'
          : f;
    const byArea = new Map<string, number>();
    const byFn = new Map<string, number>();
    let busy = 0;
    for (const n of prof.nodes) {
      const ms = (n.hitCount ?? 0) * sampleMs;
      if (!ms) continue;
      const name = n.callFrame.functionName;
      if (name === '(idle)' || name === '(program)') continue;
      busy += ms;
      const a = name === '(garbage collector)' ? 'garbage collector' : area(n.callFrame.url);
      byArea.set(a, (byArea.get(a) ?? 0) + ms);
      const fn = `${name || '(anonymous)'} ${a}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ''}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
    }
    const top = (m: Map<string, number>, k: number) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([name, ms]) => [name.replace(/\|/g, '\\|'), fmt(ms / 1000, 1), `${fmt((100 * ms) / Math.max(busy, 1), 0)} %`]);
    if (busy < 500) continue; // loader and other helper threads
    sections.push(
      `#### ${who} (${fmt(busy / 1000, 1)} s busy of ${fmt(totalMs / 1000, 0)} s profiled)\n\n` +
        table(['package / folder', 'self s', 'share'], top(byArea, 10)) +
        '\n\n' +
        table(['function', 'self s', 'share'], top(byFn, 10)),
    );
  }
  return sections.length ? sections.join('\n\n') : '_No CPU profiles were written._';
}
