// The dashboard end to end in headless Chromium (Debian's chromium package driven by playwright-core):
// a supervisor sees a stuck case, opens it from the list and exports the CSV; an employer-free caseworker
// completes a task from the case page its task list links to. axe-core runs on the supervisor's pages. A screenshot of each main page goes to test/artifacts/ (git-ignored).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestService, type TestService } from '../support/service';
import { ARTIFACTS, axe, launchChromium, signIn as signInOnPage } from '../support/browser';
import { intakeBody } from '../support/fixtures';
import { seedReadModel } from '../../scripts/bench/seedReadModel';

let svc: TestService;
let browser: Browser;

beforeAll(async () => {
  svc = await startTestService();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const signIn = (page: Page, token: string) => signInOnPage(page, svc.baseUrl, token);

test('a supervisor sees a stuck case with its reason, opens it and exports the CSV', async () => {
  const consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  const supervisor = await svc.token('supervisor', 'fastholdelsescentret', 'Lis Leder');
  const body = intakeBody();
  const created = await svc.api('POST', '/api/cases', { token: consultant, body });
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;
  const ref = body.injuryCaseRef.toUpperCase();
  await svc.pool.query(`UPDATE cases SET last_activity_at = now() - interval '45 days' WHERE case_id = $1`, [caseId]);

  const page = await (await browser.newContext()).newPage();
  try {
    await page.goto(`${svc.baseUrl}/`);
    await page.getByRole('heading', { name: 'Log ind' }).waitFor();
    await axe(page, 'login');
    await shot(page, 'login');

    await signIn(page, supervisor);
    await page.getByRole('heading', { name: 'Fastlåste sager' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: ref }) });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/Ingen aktivitet \(siden \d{4}-\d{2}-\d{2}\): Ingen aktivitet siden/);
    // One page only: no pager, and nothing left over under the table.
    expect(await page.getByRole('navigation', { name: 'Sider' }).count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toMatch(/null|undefined/);
    // No health details on list pages.
    expect(await page.locator('main').textContent()).not.toContain('Knust hånd');
    await axe(page, 'stuck');
    await shot(page, 'stuck');

    // Filter by reason keeps the case; the CSV export downloads it.
    await page.getByLabel('Årsag').selectOption('no-activity');
    await page.getByRole('button', { name: 'Filtrér' }).click();
    await page.waitForURL(/#\/stuck\?code=no-activity/);
    await row.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Eksportér CSV' }).click()]);
    const csvPath = path.join(ARTIFACTS, 'fastlaaste-sager.csv');
    await download.saveAs(csvPath);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv).toContain('Sag;Sagsnummer;Kommune;Status;Årsag;Kode;Siden;Alder (dage);Detaljer');
    expect(csv).toContain(`${caseId};${ref};751;active;Ingen aktivitet;no-activity;`);

    // Open the case: its page with the timeline.
    await row.getByRole('link', { name: ref }).click();
    await page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();
    await page.getByRole('link', { name: 'Tidslinje' }).click();
    await page.getByRole('heading', { name: 'Tidslinje' }).waitFor();
    await expect(page.locator('ol.timeline').textContent()).resolves.toContain('Sagen er oprettet');
    await axe(page, 'case timeline');
    await shot(page, 'case');

    await page.getByRole('link', { name: 'Frister' }).click();
    await page.getByRole('heading', { name: 'Frister: varighedsbegrænsning' }).waitFor();
    await axe(page, 'deadlines');
    await shot(page, 'deadlines');
    await page.getByRole('link', { name: 'Opgaver over frist' }).click();
    await page.getByRole('heading', { name: 'Opgaver over fristen pr. ansvarlig' }).waitFor();
    await axe(page, 'overdue');
    await shot(page, 'overdue');
  } finally {
    await page.context().close();
  }
});

test('an employer-free caseworker completes a task from the page', async () => {
  const caseworker = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
  const base = intakeBody({ employer: null });
  // Opened by the caseworker (no consultant yet), so the open screening task is the caseworker's.
  const body = { ...base, caseworker: undefined, injury: { ...base.injury, permanentConsequences: 'unknown' as const } };
  const created = await svc.api('POST', '/api/cases', { token: caseworker, body });
  expect(created.status).toBe(201);
  const caseId = created.body.caseId as string;

  const page = await (await browser.newContext()).newPage();
  try {
    await signIn(page, caseworker);
    await page.getByRole('heading', { name: 'Mine opgaver' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: caseId }) });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('Færdiggør visitationen');
    await shot(page, 'tasks');

    // The task list links to the case's tasks, where the task is completed.
    await row.getByRole('link', { name: caseId }).click();
    await page.getByRole('heading', { name: 'Opgaver', exact: true }).waitFor();
    await page.getByRole('button', { name: /Markér ".*" som udført/ }).click();
    await page.getByRole('status').filter({ hasText: 'er markeret som udført' }).waitFor();
    await page.getByRole('button', { name: /Markér ".*" som udført/ }).waitFor({ state: 'detached' });

    const tasks = await svc.api('GET', `/api/tasks?caseId=${caseId}`, { token: caseworker });
    expect(tasks.body.items).toEqual([expect.objectContaining({ kind: 'complete-screening', status: 'done' })]);

    await page.getByRole('link', { name: 'Mine sager' }).click();
    await page.getByRole('heading', { name: 'Mine sager' }).waitFor();
    await page.getByRole('link', { name: base.injuryCaseRef.toUpperCase() }).waitFor();
    await shot(page, 'my-cases');
  } finally {
    await page.context().close();
  }
});

test('a long stuck list is shown a page of 100 rows at a time, with links to the next and previous page', async () => {
  const supervisor = await svc.token('supervisor', 'fastholdelsescentret', 'Lis Leder');
  // Synthetic read-model cases (the benchmark's seeder): a few in a hundred are stuck, so 3,000 make several pages.
  await seedReadModel(svc.pool, 3_000);
  const page = await (await browser.newContext()).newPage();
  try {
    await signIn(page, supervisor);
    await page.getByRole('heading', { name: 'Fastlåste sager' }).waitFor();
    const caption = page.locator('caption');
    const [, count, shownPage, pages] = /^(\d+) fastlåste sager, ældste først \(side (\d+) af (\d+)\)/.exec((await caption.textContent()) ?? '') ?? [];
    const total = Number(count);
    expect([shownPage, Number(pages)]).toEqual(['1', Math.ceil(total / 100)]);
    expect(total).toBeGreaterThan(100);
    expect(await page.locator('tbody tr').count()).toBe(100);
    expect(await page.getByRole('link', { name: 'Forrige side' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Næste side' }).click();
    await page.waitForURL(/#\/stuck\?page=2/);
    await page.locator('caption', { hasText: `side 2 af ${pages}` }).waitFor();
    await page.getByRole('link', { name: 'Forrige side' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(Math.min(100, total - 100));
    await axe(page, 'stuck page 2');
  } finally {
    await page.context().close();
    await seedReadModel(svc.pool, 0); // removes the synthetic cases again
  }
});
