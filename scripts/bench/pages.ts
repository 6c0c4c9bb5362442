// Part of benchmark 4 (the read model): how long the workbench's list pages take to render in Debian's
// Chromium against the seeded read model, from a full page load (HTML, DKFDS CSS, modules, /api/me and
// the list call) until the page's heading and table are in the DOM. Measured here, never asserted.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Log } from './harness';
import { summarise, nowMs } from './stats';

const CHROMIUM = '/usr/bin/chromium';
const RUNS = 10;
const WARMUP = 2;

/** Times "Mine opgaver" (caseworker), "Mine sager" (consultant) and "Fastlåste sager" (supervisor); returns Markdown lines. */
export async function timeWorkbenchPages(apiUrl: string, tokens: { consultant: string; caseworker: string; supervisor: string }, log: Log): Promise<string[]> {
  if (!existsSync(CHROMIUM)) return [`_Pages not timed: ${CHROMIUM} is missing._`];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const rows: string[] = [];
  try {
    for (const [title, token, hash] of [
      ['Mine opgaver', tokens.caseworker, '#/tasks'],
      ['Mine sager', tokens.consultant, '#/cases'],
      ['Fastlåste sager', tokens.supervisor, '#/stuck'],
    ] as const) {
      log(`  timing the page ${title} …`);
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(`sessionStorage.setItem('retention-token', ${JSON.stringify(token)})`);
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      const times: number[] = [];
      let rowsShown = 0;
      for (let i = 0; i < WARMUP + RUNS; i++) {
        await page.goto('about:blank');
        const t0 = nowMs();
        await page.goto(`${apiUrl}/${hash}`);
        // The heading is drawn together with the list, after its data arrived.
        await page
          .locator('main h1', { hasText: title })
          .waitFor()
          .catch(async (err: Error) => {
            // Say what the page showed instead (an error page, sign-in), not only that the heading never came.
            const shown = ((await page.locator('main').textContent().catch(() => '')) ?? '').replace(/\s+/g, ' ').slice(0, 300);
            throw new Error(`the page ${title} did not draw its list: ${err.message.split('\n')[0]}; it shows: ${shown || '(nothing)'}`);
          });
        const ms = nowMs() - t0;
        if (i >= WARMUP) times.push(ms);
        rowsShown = await page.locator('main tbody tr').count();
      }
      await context.close();
      const s = summarise(times);
      rows.push(`| ${title} \`${hash}\` | ${rowsShown} | ${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.max.toFixed(0)} |`);
    }
  } finally {
    await browser.close();
  }
  return [
    `Workbench pages in Chromium: ${RUNS} full page loads each after ${WARMUP} warm-up loads, until the heading and the list are drawn (ms).`,
    '',
    '| page | rows | p50 | p95 | max |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ];
}
