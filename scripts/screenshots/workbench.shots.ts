// `npm run screenshots`: regenerates docs/screenshots/*.png for the README. Runs under `npm test`'s
// harness (its own throw-away stack on free ports, like the e2e tests), fills it with the demo cases
// (scripts/demo/scenarios.ts, through the HTTP API) and photographs three pages in Debian's Chromium:
// the consultant's case page with the sick-pay clock, the insurer's inbox and the supervisor's stuck list.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestService, type TestService } from '../../test/support/service';
import { seedDemo } from '../demo/scenarios';

const OUT = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
let svc: TestService;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  svc = await startTestService();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

async function signedIn(token: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen', viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(`${svc.baseUrl}/#/login`);
  await page.getByLabel('Adgangsnøgle').fill(token);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByText(/Logget ind som/).waitFor();
  return page;
}

test('screenshots of the workbench with the demo cases', async () => {
  const consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  const insurer = await svc.token('insurer', 'insurer-a', 'Forsikring A');
  const supervisor = await svc.token('supervisor', 'fastholdelsescentret', 'Lise Leder');
  const made = await seedDemo((m, p, o) => svc.api(m, p, o), {
    consultant,
    insurer,
    insurerId: 'insurer-a',
    caseworker: { name: 'Søren Sagsbehandler', email: 'sagsbehandler@aarhus.local' },
  });
  expect(Object.keys(made)).toHaveLength(12);

  const c = await signedIn(consultant);
  await c.goto(`${svc.baseUrl}/#/cases/${made['DEMO-2026-001']}/sygedagpenge`);
  await c.locator('#sick-pay-clock').waitFor();
  await c.screenshot({ path: path.join(OUT, 'case-clock.png'), fullPage: true });

  const i = await signedIn(insurer);
  await i.getByRole('heading', { name: 'Indbakke' }).waitFor();
  await i.locator('article').first().waitFor();
  await i.screenshot({ path: path.join(OUT, 'insurer-inbox.png'), fullPage: true });

  const s = await signedIn(supervisor);
  await s.getByRole('heading', { name: 'Fastlåste sager' }).waitFor();
  await s.locator('table').waitFor();
  await s.screenshot({ path: path.join(OUT, 'stuck-list.png'), fullPage: true });
});
