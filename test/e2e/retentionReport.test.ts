// The supervisor's retention report page in Debian's Chromium: a caseworker's retention cases (opened
// through the API) appear in the chart and the data table beside it, and axe-core finds no serious or
// critical WCAG 2.1 A/AA violation on the page.
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startTestService, type TestService } from '../support/service';
import { addDays } from '../../domain/calendar/localDate';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';

const CHROMIUM = '/usr/bin/chromium';
let svc: TestService;
let browser: Browser;
const today = () => localDateInCopenhagen(Date.now());

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the e2e test needs Debian's chromium package (apt-get install -y chromium)`);
  svc = await startTestService();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

async function signIn(page: Page, token: string) {
  await page.goto(`${svc.baseUrl}/#/login`);
  await page.getByRole('heading', { name: 'Log ind' }).waitFor();
  await page.getByLabel('Adgangsnøgle').fill(token);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByText(/Logget ind som/).waitFor();
}

test('a supervisor reads the retention report: chart and data table, accessible', async () => {
  // A municipality of its own, so the figures are this test's.
  const caseworker = await svc.token('caseworker', '265', 'Rie Roskilde');
  const supervisor = await svc.token('supervisor', 'fastholdelsescentret', 'Lis Leder');
  for (const [source, firstSickDay] of [
    ['information-form', addDays(today(), -120)],
    ['jobcentre-initiative', addDays(today(), -20)],
  ] as const) {
    const tag = randomUUID().slice(0, 8);
    const res = await svc.api('POST', '/api/cases', {
      token: caseworker,
      body: {
        kind: 'retention',
        municipalityCode: '265',
        citizenRef: `JC-${tag}`,
        referral: { source },
        citizen: { name: 'Mette Madsen', email: `mette-${tag}@borger.local` },
        sickLeave: { firstSickDay },
      },
    });
    expect(res.status).toBe(201);
  }
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Copenhagen', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  try {
    await signIn(page, supervisor);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.getByRole('link', { name: 'Nøgletal' }).click();
    await page.getByRole('heading', { name: 'Fastholdelsessager: nøgletal' }).waitFor();
    await page.getByRole('search').getByLabel('Kommune').fill('265');
    await page.getByRole('button', { name: 'Vis' }).click();
    const row = page.getByRole('table', { name: 'Nøgletal pr. kommune og måned' }).getByRole('row').filter({ hasText: '265' });
    await row.waitFor();
    await expect(row.getByRole('cell').nth(2).textContent()).resolves.toBe('2');
    await expect(row.textContent()).resolves.toContain('Oplysningsskema: 1');
    // One case has passed week 13, not back at work.
    await expect(row.textContent()).resolves.toContain('0 af 1 (0 %)');
    await expect(page.getByRole('img', { name: 'Oprettede fastholdelsessager pr. kommune og måned' }).count()).resolves.toBe(1);
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  } finally {
    await context.close();
  }
});
