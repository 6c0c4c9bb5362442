// The browser side of the e2e suites: Debian's Chromium driven by playwright-core, a session per role,
// signing in on the page, and axe-core's WCAG 2.1 A/AA check (no serious or critical violation).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of the e2e runs (git-ignored). */
export const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');

/** Launches headless Chromium (and makes the artifacts folder); a missing package is one clear error. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the e2e test needs Debian's chromium package (apt-get install -y chromium)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A browser session of its own (sessionStorage holds the token per tab). The en-US locale makes date
 * inputs typeable in a known order (mm/dd/yyyy); the pages themselves are Danish.
 */
export async function newSession(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Copenhagen', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Signs in on the page with a token, as a person would. */
export async function signIn(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.getByRole('heading', { name: 'Log ind' }).waitFor();
  await page.getByLabel('Adgangsnøgle').fill(token);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.getByText(/Logget ind som/).waitFor();
}

/** axe-core on the page as it is now: no serious or critical WCAG 2.1 A/AA violations. */
export async function axe(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ where, violations: bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`) }).toEqual({ where, violations: [] });
}

/** Waits for the page's status message (the DKFDS alert every command answers with). */
export const statusMessage = (page: Page, text: string | RegExp) => page.getByRole('status').getByText(text).waitFor();
