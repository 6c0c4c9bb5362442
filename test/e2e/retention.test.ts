// The job centre's own retention cases on the workbench pages: a caseworker opens one
// from an employer's fast-track request, gets the three answers, builds the retention plan and records partial sick
// leave on the clock. Pages only (the API is used for sign-in tokens alone); axe-core on every new page and state.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { axe, launchChromium, newSession, signIn as signInOnPage, statusMessage } from '../support/browser';
import { startTestService, type TestService } from '../support/service';
import { addDays } from '../../domain/calendar/localDate';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';

let svc: TestService;
let browser: Browser;
const today = () => localDateInCopenhagen(Date.now());

beforeAll(async () => {
  svc = await startTestService();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await svc?.stop();
});

const signIn = (page: Page, token: string) => signInOnPage(page, svc.baseUrl, token);
const message = statusMessage;
const tag = () => randomUUID().slice(0, 8);

/** A field's DKFDS error: the group of the labelled field shows the text, the control is aria-invalid. */
async function fieldError(page: Page, label: string, text: string | RegExp) {
  const group = page.locator('.form-group.form-error', { has: page.getByLabel(label, { exact: true }) });
  await group.locator('.form-error-message').getByText(text).waitFor();
  await expect(page.getByLabel(label, { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
}

test("a caseworker opens a retention case from the employer's fast-track request, gets the three answers, adds a plan milestone with progress and records 50 % partial sick leave on the clock", async () => {
  const t = tag();
  const ref = `SDP-${t}`.toUpperCase();
  const cvr = String(10000000 + Math.floor(Math.random() * 89999999));
  const token = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
  const { context, page } = await newSession(browser);
  try {
    await signIn(page, token);
    await page.getByRole('link', { name: 'Opret sag' }).first().click();
    await page.getByRole('heading', { name: 'Opret sag' }).waitFor();
    await page.getByLabel('Sagstype').selectOption('retention');
    await page.getByLabel('Jobcentrets reference for borgeren').waitFor();
    // A retention case has no injury case and no insurer.
    await expect(page.getByLabel('Arbejdsskadesagsnummer').count()).resolves.toBe(0);
    await expect(page.getByLabel('Forsikringsselskabets id').count()).resolves.toBe(0);
    // The fast-track fields only for a fast-track referral.
    await page.getByLabel('Henvisning', { exact: true }).selectOption('jobcentre-initiative');
    await expect(page.getByLabel('Anmodningen er modtaget den').isVisible()).resolves.toBe(false);
    await page.getByLabel('Henvisning', { exact: true }).selectOption('fast-track-employer');
    await expect(page.getByLabel('Anmodningen er modtaget den').isVisible()).resolves.toBe(true);
    await axe(page, 'Opret fastholdelsessag');

    await page.getByLabel('Borgerens navn').fill('Mette Madsen');
    await page.getByLabel('Borgerens e-mail').fill(`mette-${t}@borger.local`);
    await page.getByLabel('Arbejdsgiverens navn').fill('Butik & Co ApS');
    await page.getByLabel('CVR-nummer').fill(cvr);
    await page.getByLabel('Arbejdsgiverens e-mail').fill(`hr-${t}@butik.local`);

    // The server's validation error next to its field: a reference that is not one.
    await page.getByLabel('Jobcentrets reference for borgeren').fill('X');
    await page.getByLabel('Første fraværsdag').fill(addDays(today(), -14));
    await page.getByRole('button', { name: 'Opret sag' }).click();
    await fieldError(page, 'Jobcentrets reference for borgeren', /skal være 3–40 bogstaver/);
    await page.getByRole('alert').getByText(/Jobcentrets reference for borgeren: skal være 3–40/).waitFor();
    await axe(page, 'Opret fastholdelsessag: fejl ved feltet');

    // An employer's request after week 5 of absence: the 422 at the request date, with the way on.
    await page.getByLabel('Jobcentrets reference for borgeren').fill(ref);
    await page.getByLabel('Første fraværsdag').fill(addDays(today(), -50));
    await page.getByRole('button', { name: 'Opret sag' }).click();
    await page.getByRole('alert').getByText('Anmodningen om fasttrack er for sen').waitFor();
    await fieldError(page, 'Anmodningen er modtaget den', /første 5 ugers fravær \(senest \d{4}-\d{2}-\d{2}\).*medarbejderens anmodning/);
    await axe(page, 'Opret fastholdelsessag: for sen anmodning');

    // In week 3: the case opens, active, without the three answers.
    await page.getByLabel('Første fraværsdag').fill(addDays(today(), -14));
    await page.getByRole('button', { name: 'Opret sag' }).click();
    await page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();
    await message(page, 'Fastholdelsessagen er oprettet og aktiv.');
    const tabs = page.getByRole('navigation', { name: 'Sagens sider' });
    await expect(tabs.getByRole('link', { name: 'Afgørelser' }).count()).resolves.toBe(0);
    await expect(tabs.getByRole('link', { name: 'Tilskud' }).count()).resolves.toBe(0);
    await page.getByText('Fastholdelsessag i jobcentret').waitFor();
    await axe(page, 'Fastholdelsessag: overblik');

    // Fast track: the first conversation 2 weeks after the request; the answers are a task until recorded.
    await tabs.getByRole('link', { name: 'Fasttrack' }).click();
    await page.getByRole('heading', { name: 'Fasttrack', level: 2 }).waitFor();
    await expect(page.locator('#first-conversation-due').textContent()).resolves.toBe(addDays(today(), 14));
    await expect(page.locator('#fast-track-answers-missing').textContent()).resolves.toMatch(/Få svar på de tre spørgsmål.*Søren Sagsbehandler, frist \d{4}-\d{2}-\d{2}/);
    await axe(page, 'Fastholdelsessag: fasttrack');
    await page.getByLabel('Hvilke arbejdsfunktioner påvirker sygdommen?').fill('Løft af varer og lange vagter ved kassen');
    await page.getByLabel('Hvor længe har sygdommen påvirket arbejdet?').fill('Siden første fraværsdag');
    await page.getByLabel('Er arbejdet blevet tilpasset?').selectOption('false');
    await page.getByLabel('Medarbejderens svar').selectOption('true');
    await page.getByRole('button', { name: 'Gem fremdrift' }).click();
    await message(page, `Fremdriften er gemt. Første samtale senest ${addDays(today(), 14)}.`);
    await expect(page.locator('#fast-track-answers').textContent()).resolves.toMatch(/Løft af varer.*Siden første fraværsdag.*Nej/);
    await page.getByText('Ja til tidlig opfølgning').waitFor();
    await axe(page, 'Fastholdelsessag: fasttrack besvaret');

    // The retention plan: a partial return needs its hours (the server's error next to the field), then progress.
    await tabs.getByRole('link', { name: 'Fastholdelsesplan' }).click();
    await page.getByRole('heading', { name: 'Fastholdelsesplan', level: 2 }).waitFor();
    await page.locator('#plan-empty').waitFor();
    await axe(page, 'Fastholdelsessag: tom plan');
    await page.getByLabel('Slags delmål').selectOption('partial-return');
    await page.getByLabel('Titel').fill('Tilbage 15 timer om ugen');
    await page.getByLabel('Dato', { exact: true }).fill(addDays(today(), 7));
    await page.getByRole('button', { name: 'Tilføj delmål' }).click();
    await fieldError(page, 'Timer pr. uge fra datoen (valgfri)', 'skal udfyldes ved delvis tilbagevenden');
    await axe(page, 'Fastholdelsesplan: fejl ved feltet');
    await page.getByLabel('Timer pr. uge fra datoen').fill('15');
    await page.getByRole('button', { name: 'Tilføj delmål' }).click();
    await message(page, `Delmålet "Tilbage 15 timer om ugen" er tilføjet med frist ${addDays(today(), 7)}.`);
    const milestone = page.locator('section.milestone', { hasText: 'Tilbage 15 timer om ugen' });
    await expect(milestone.textContent()).resolves.toMatch(/Åben.*Delvis tilbagevenden.*Søren Sagsbehandler.*15/);
    await axe(page, 'Fastholdelsesplan: et delmål');
    await milestone.getByText('Registrér fremdrift på "Tilbage 15 timer om ugen"').click();
    await milestone.getByLabel('Hvad er der sket?').fill('Aftalt med butikschefen: morgenvagter uden løft');
    await milestone.getByRole('button', { name: 'Gem fremdrift' }).click();
    await message(page, 'Fremdriften på "Tilbage 15 timer om ugen" er gemt.');
    await page.locator('section.milestone .milestone-progress', { hasText: 'morgenvagter uden løft' }).waitFor();
    await axe(page, 'Fastholdelsesplan: fremdrift');

    // Partial sick leave: back 18.5 of 37 hours is 50 % sick, drawn on the clock; the limit does not move.
    await tabs.getByRole('link', { name: 'Sygedagpenge' }).click();
    const clock = page.locator('#sick-pay-clock');
    await clock.waitFor();
    const before = await clock.getAttribute('data-limit');
    await expect(clock.locator('[data-kind="partial"]').count()).resolves.toBe(0);
    await page.getByLabel('Arbejdstimer pr. uge').fill('18,5');
    await page.getByLabel('Normal arbejdstid pr. uge (timer)').fill('37');
    await page.getByRole('button', { name: 'Gem delvis sygemelding' }).click();
    await message(page, /Den delvise sygemelding er registreret \(sygemeldt 50 %\)/);
    await expect(page.locator('#sick-pay-clock').getAttribute('data-limit')).resolves.toBe(before);
    await expect(page.locator('#sick-pay-clock [data-kind="partial"]').getAttribute('data-sick-pct')).resolves.toBe('50');
    await page.locator('tr', { hasText: '18,5 af 37 timer' }).getByText('50 %').waitFor();
    await axe(page, 'Fastholdelsessag: delvis sygemelding på uret');
  } finally {
    await context.close();
  }
});

test('a caseworker closes a retention case into aftercare and records a relapse on the page: the same case is active again (the date before the return to work refused at its field)', async () => {
  const t = tag();
  const ref = `SDP-${t}`.toUpperCase();
  const token = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
  const { context, page } = await newSession(browser);
  try {
    await signIn(page, token);
    await page.getByRole('link', { name: 'Opret sag' }).first().click();
    await page.getByLabel('Sagstype').selectOption('retention');
    await page.getByLabel('Jobcentrets reference for borgeren').fill(ref);
    await page.getByLabel('Henvisning', { exact: true }).selectOption('jobcentre-initiative');
    await page.getByLabel('Borgerens navn').fill('Ole Olsen');
    await page.getByLabel('Borgerens e-mail').fill(`ole-${t}@borger.local`);
    await page.getByLabel('Første fraværsdag').fill(addDays(today(), -30));
    await page.getByRole('button', { name: 'Opret sag' }).click();
    await page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();
    await message(page, 'Fastholdelsessagen er oprettet og aktiv.');
    const caseUrl = page.url();
    const tabs = page.getByRole('navigation', { name: 'Sagens sider' });

    // Back at work 5 days ago; the job centre's caseworker closes the case into aftercare.
    await tabs.getByRole('link', { name: 'Sygedagpenge' }).click();
    await page.getByLabel('Hændelse').selectOption('return-to-work');
    await page.getByLabel('Dato', { exact: true }).fill(addDays(today(), -5));
    await page.getByRole('button', { name: 'Registrér', exact: true }).click();
    await message(page, /Perioden er registreret/);
    await tabs.getByRole('link', { name: 'Afslutning' }).click();
    await page.getByLabel('Udfald').selectOption('same-employer');
    await page.getByRole('button', { name: 'Afslut sagen' }).click();
    await message(page, 'Sagen er afsluttet og overgår til efterværn.');
    await page.getByRole('heading', { name: 'Tilbagefald' }).waitFor();
    await axe(page, 'Fastholdelsessag: efterværn med tilbagefald');

    // A relapse dated on the return to work: the server's error next to the field.
    await page.getByLabel('Syg igen fra').fill(addDays(today(), -5));
    await page.getByRole('button', { name: 'Genåbn sagen' }).click();
    await fieldError(page, 'Syg igen fra', `datoen skal ligge efter raskmeldingen den ${addDays(today(), -5)}`);
    await axe(page, 'Tilbagefald: fejl ved feltet');

    await page.getByLabel('Syg igen fra').fill(addDays(today(), -1));
    await page.getByLabel('Note om tilbagefaldet').fill('Ryggen igen');
    await page.getByRole('button', { name: 'Genåbn sagen' }).click();
    await message(page, 'Sagen er genåbnet efter tilbagefald og er aktiv igen.');
    await page.locator('.case-status').getByText('Aktiv').waitFor();
    expect(page.url().startsWith(caseUrl)).toBe(true); // the same case, not a new one
    await tabs.getByRole('link', { name: 'Tidslinje' }).click();
    await page.getByText(/Tilbagefald i efterværnet: borgeren er sygemeldt igen fra .*Ryggen igen/).waitFor();
  } finally {
    await context.close();
  }
});
