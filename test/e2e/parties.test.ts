// The parties' control on the workbench pages: consent and power of attorney
// recorded on the case page with access following at once, decision notices and the early rule collision, the
// citizen's emailed link to their own page and its revocation, the employer only by the citizen's choice, and
// sign-out. Pages only (the API is used for sign-in tokens alone); axe-core on every new page and state.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { axe, launchChromium, newSession, signIn as signInOnPage, statusMessage } from '../support/browser';
import { startTestService, caughtMail, eventually, type TestService } from '../support/service';
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

const session = () => newSession(browser);
const signIn = (page: Page, token: string) => signInOnPage(page, svc.baseUrl, token);
const message = statusMessage;
const tag = () => randomUUID().slice(0, 8);

interface Intake {
  ref: string;
  citizenEmail: string;
  firstSickDay: string;
  employerCvr?: string;
  union?: { id: string; name: string };
}

/** The intake form as a consultant fills it; the case page opens after it. Answers the case page's URL (without tab). */
async function openCase(page: Page, v: Intake): Promise<string> {
  await page.goto(`${svc.baseUrl}/#/new-case`);
  await page.getByRole('heading', { name: 'Opret sag' }).waitFor();
  await page.getByLabel('Arbejdsskadesagsnummer').fill(v.ref);
  await page.getByLabel('Kommunekode').fill('751');
  await page.getByLabel('Borgerens navn').fill('Jens Jensen');
  await page.getByLabel('Borgerens e-mail').fill(v.citizenEmail);
  await page.getByLabel('Sagsbehandlerens navn').fill('Søren Sagsbehandler');
  await page.getByLabel('Sagsbehandlerens e-mail').fill(`sb-${v.ref.toLowerCase()}@aarhus.local`);
  if (v.employerCvr) {
    await page.getByLabel('Arbejdsgiverens navn').fill('Byg & Co ApS');
    await page.getByLabel('CVR-nummer').fill(v.employerCvr);
    await page.getByLabel('Arbejdsgiverens e-mail').fill(`hr-${v.ref.toLowerCase()}@bygco.local`);
  }
  await page.getByLabel('Forsikringsselskabets id').fill('insurer-a');
  await page.getByLabel('Forsikringsselskabets navn').fill('Forsikring A');
  await page.getByLabel('Forsikringsselskabets e-mail').fill(`skade-${v.ref.toLowerCase()}@forsikring-a.local`);
  await page.getByLabel('Skadedato').fill(addDays(v.firstSickDay, -2));
  await page.getByLabel('Første sygedag').fill(v.firstSickDay);
  if (v.union) {
    await page.getByLabel('Fagforeningens navn').fill(v.union.name);
    await page.getByLabel('Fagforeningens id').fill(v.union.id);
    await page.getByLabel('Fagforeningens e-mail').fill(`${v.union.id}@union.local`);
    await page.getByLabel('Fuldmagt til fagforeningen').selectOption('none');
  }
  await page.getByRole('button', { name: 'Opret sag' }).click();
  await page.getByRole('heading', { name: `Sag ${v.ref}` }).waitFor();
  await message(page, 'Sagen er oprettet og aktiv.');
  return page.url().replace(/\/[a-z]+$/, '');
}

async function consentTab(page: Page) {
  await page.getByRole('link', { name: 'Samtykke og adgang' }).click();
  await page.getByRole('heading', { name: 'Samtykke og adgang', level: 2 }).waitFor();
}

test("a consultant withdraws the municipality's consent on the page (its server error next to its field first); the caseworker's next page is the plain not-found page", async () => {
  const t = tag();
  const ref = `AS-2026-${t}`.toUpperCase();
  const consultantToken = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  const caseworkerToken = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
  const c = await session();
  const cw = await session();
  try {
    await signIn(c.page, consultantToken);
    const caseUrl = await openCase(c.page, { ref, citizenEmail: `jens-${t}@borger.local`, firstSickDay: addDays(today(), -40) });

    // The caseworker sees the case while the citizen consents.
    await signIn(cw.page, caseworkerToken);
    await cw.page.goto(caseUrl);
    await cw.page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();

    await consentTab(c.page);
    await c.page.getByText('Kommunen: samtykke givet.').waitFor();
    await axe(c.page, 'Sag: samtykke og adgang');

    // The server's validation error lands next to its field and in the error summary.
    await c.page.getByLabel('Borgeren har').selectOption('false');
    await c.page.getByRole('button', { name: 'Registrér samtykke' }).click();
    const group = c.page.locator('.form-group.form-error', { has: c.page.getByLabel('Kildedokument') });
    await group.getByText('skal udfyldes').waitFor();
    await expect(c.page.getByLabel('Kildedokument').getAttribute('aria-invalid')).resolves.toBe('true');
    await c.page.getByRole('alert').getByText('Kildedokument: skal udfyldes').waitFor();
    await axe(c.page, 'Samtykke: fejl ved feltet');

    await c.page.getByLabel('Kildedokument').fill('Tilbagekaldelse af samtykke, brev af i dag');
    await c.page.getByRole('button', { name: 'Registrér samtykke' }).click();
    await message(c.page, /Samtykket er registreret\. Kommunen kan ikke længere se sagen\./);
    await c.page.getByText('Kommunen: intet samtykke.').waitFor();
    const row = c.page.locator('tr', { hasText: 'Tilbagekaldelse af samtykke' });
    await expect(row.textContent()).resolves.toMatch(/Samtykke til kommunen.*Trukket tilbage.*Karen Konsulent/);
    await axe(c.page, 'Samtykke: trukket tilbage');

    // The caseworker's next page of the case: the plain not-found page.
    await cw.page.reload();
    await cw.page.getByRole('heading', { name: 'Findes ikke' }).waitFor();
    await cw.page.getByText('Sagen findes ikke, eller du har ikke adgang til den.').waitFor();
    await axe(cw.page, 'Sagsbehandler: ingen adgang efter tilbagekaldt samtykke');
  } finally {
    await c.context.close();
    await cw.context.close();
  }
});

test("power of attorney opens the case to the union; an early decision meets the rule collision and tells the union; the employer sees the case only with consent and never the union", async () => {
  const t = tag();
  const ref = `AS-2026-${t}`.toUpperCase();
  const unionId = `union-${t}`;
  const cvr = String(10000000 + Math.floor(Math.random() * 89999999));
  const consultantToken = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  const unionToken = await svc.token('union', unionId, 'Fagforening');
  const employerToken = await svc.token('employer', cvr, 'Byg & Co ApS');
  const c = await session();
  const u = await session();
  const e = await session();
  try {
    await signIn(c.page, consultantToken);
    // 40 days sick: the limit is about a year away, far outside the old 8-week warning window.
    const caseUrl = await openCase(c.page, { ref, citizenEmail: `jens-${t}@borger.local`, firstSickDay: addDays(today(), -40), employerCvr: cvr, union: { id: unionId, name: `Fagforbundet ${t}` } });

    // Without power of attorney the union does not see the case; without consent neither does the employer.
    await signIn(u.page, unionToken);
    await u.page.getByRole('heading', { name: 'Sager' }).waitFor();
    await expect(u.page.getByRole('link', { name: ref }).count()).resolves.toBe(0);
    await u.page.goto(caseUrl);
    await u.page.getByRole('heading', { name: 'Findes ikke' }).waitFor();
    await signIn(e.page, employerToken);
    await e.page.goto(caseUrl);
    await e.page.getByRole('heading', { name: 'Findes ikke' }).waitFor();
    await axe(e.page, 'Arbejdsgiver: ingen adgang');

    await consentTab(c.page);
    await c.page.getByText(`Fagforbundet ${t}: ingen fuldmagt.`).waitFor();
    await c.page.getByLabel('Fuldmagt', { exact: true }).selectOption('full');
    await c.page.getByLabel('Fuldmagtsdokument').fill('Fuldmagt af i dag');
    await c.page.getByRole('button', { name: 'Registrér fuldmagt' }).click();
    await message(c.page, 'Fuldmagten er registreret. Fagforeningen kan se sagen, får besked om afgørelser og kan klage på borgerens vegne.');
    await expect(c.page.locator('tr', { hasText: 'Fuldmagt af i dag' }).textContent()).resolves.toContain('Fuld fuldmagt');

    await c.page.getByLabel('Samtykke til').selectOption('employer');
    await c.page.getByLabel('Borgeren har').selectOption('true');
    await c.page.getByLabel('Kildedokument').fill('Samtykkeerklæring om arbejdsgiverens inddragelse');
    await c.page.getByRole('button', { name: 'Registrér samtykke' }).click();
    await message(c.page, /Arbejdsgiveren kan se fastholdelsesdelen af sagen/);
    await axe(c.page, 'Samtykke: fuldmagt og arbejdsgiver');

    // The first earning-capacity decision, a year before the limit: the dialog says what the citizen loses and from when.
    await c.page.getByRole('link', { name: 'Afgørelser' }).click();
    await c.page.getByRole('heading', { name: 'Træf afgørelse' }).waitFor();
    await c.page.getByLabel('Tab af erhvervsevne (%)').fill('20');
    await c.page.getByLabel('Begrundelse').fill('Tabet af erhvervsevne er foreløbigt vurderet til 20 % ud fra de lægelige oplysninger.');
    await c.page.getByRole('button', { name: 'Træf afgørelse' }).click();
    const dlg = c.page.getByRole('dialog', { name: 'Afgørelsen kolliderer med sygedagpengereglerne' });
    await dlg.waitFor();
    await expect(dlg.locator('#rule-collision-loses').textContent()).resolves.toMatch(
      new RegExp(`^Det mister borgeren: Fra afgørelsesdatoen ${today()} mister borgeren retten til at få sygedagpengene forlænget`),
    );
    await axe(c.page, 'Afgørelse: tidlig regelkollision');
    await dlg.getByLabel(/^Jeg er klar over/).check();
    await dlg.getByLabel('Borgerens næste indkomstgrundlag').fill('Løn fra arbejdsgiveren');
    await dlg.getByRole('button', { name: 'Kvittér og træf afgørelsen' }).click();
    await dlg.waitFor({ state: 'detached' });
    await message(c.page, 'Afgørelsen er truffet (Midlertidig afgørelse).');
    const row = c.page.locator('tr', { hasText: 'Midlertidig afgørelse' });
    const text = await row.textContent();
    expect(text).toContain(addDays(today(), 28)); // the appeal deadline: 4 weeks (policy)
    expect(text).toContain(`Fagforbundet ${t} (fuldmagt)`);
    expect(text).toContain('Jens Jensen');
    await axe(c.page, 'Afgørelser: hvem har fået besked');

    // The union's page now shows the case, with the decision.
    await u.page.goto(`${svc.baseUrl}/#/all-cases`);
    await u.page.getByRole('link', { name: ref }).click();
    await u.page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();
    await axe(u.page, 'Fagforening: sagen med fuldmagt');
    await u.page.getByRole('link', { name: 'Afgørelser' }).click();
    await u.page.getByText('Midlertidig afgørelse').first().waitFor();

    // The employer with the citizen's consent: the case, but never the union or the legal track.
    await e.page.goto(`${svc.baseUrl}/#/all-cases`);
    await e.page.getByRole('link', { name: ref }).click();
    await e.page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();
    const shown = (await e.page.locator('main').textContent()) ?? '';
    expect(shown).not.toContain(`Fagforbundet ${t}`);
    expect(shown).not.toContain('Fagforening');
    const tabs = await e.page.getByRole('navigation', { name: 'Sagens sider' }).getByRole('link').allTextContents();
    expect(tabs.filter((x) => ['Afgørelser', 'Samtykke og adgang', 'Afslutning', 'Tilskud'].includes(x))).toEqual([]);
    await axe(e.page, 'Arbejdsgiver: sagen med samtykke');
  } finally {
    await c.context.close();
    await u.context.close();
    await e.context.close();
  }
});

test("a citizen link: sent by email (never shown), the citizen's page from the caught email shows plan and promises in Danish, the consultant closes it and the citizen's next load says so; a task goes only to staff; sign-out ends the codec session", async () => {
  const t = tag();
  const ref = `AS-2026-${t}`.toUpperCase();
  const citizenEmail = `jens-${t}@borger.local`;
  const consultantToken = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  const c = await session();
  const z = await session();
  const page = c.page;
  try {
    await signIn(page, consultantToken);
    await openCase(page, { ref, citizenEmail, firstSickDay: addDays(today(), -40) });

    // A plan: a roundtable held with an agreed action.
    await page.getByRole('link', { name: 'Rundbordssamtaler' }).click();
    await page.getByRole('heading', { name: 'Planlæg rundbordssamtale' }).waitFor();
    await page.getByLabel('Tidspunkt').fill(`${addDays(today(), 7)}T10:00`);
    await page.getByLabel('Sted', { exact: true }).fill('Jobcenter Aarhus');
    await page.getByLabel('Formål').fill('Plan for tilbagevenden til arbejdet');
    await page.getByLabel('Dagsorden').fill('Status\nPlan for arbejdet');
    await page.getByRole('button', { name: 'Planlæg og send invitationer' }).click();
    await message(page, 'Rundbordssamtalen er planlagt, og invitationerne er sendt.');
    await page.getByText('Registrér resultat').click();
    await page.getByLabel('Resultat', { exact: true }).fill('Delvis tilbagevenden med hjælpemidler aftalt.');
    await page.getByLabel('Handling (valgfri)').fill('Bestil hæve-sænkebord');
    await page.getByLabel('Ansvarlig, navn').fill('Karen Konsulent');
    await page.getByLabel('Ansvarlig, e-mail').fill(`konsulent-${t}@fastholdelse.local`);
    await page.getByLabel('Ansvarlig, rolle').selectOption('consultant');
    await page.getByLabel('Frist').fill(addDays(today(), 14));
    await page.getByRole('button', { name: 'Gem resultat' }).click();
    await message(page, 'Resultatet er gemt. Husk at sende referatet.');

    // A promise is handed only to staff of the case: an outside address is refused next to its field.
    await page.getByRole('link', { name: 'Opgaver', exact: true }).click();
    const task = page.locator('tr').filter({ hasText: 'Bestil hæve-sænkebord' });
    await task.getByText('Giv videre').click();
    await task.getByLabel('Ny ansvarlig, navn').fill('Ekstern Person');
    await task.getByLabel('Ny ansvarlig, e-mail').fill(`ekstern-${t}@eksempel.dk`);
    await task.getByRole('button', { name: 'Giv opgaven videre' }).click();
    await task.locator('.form-group.form-error', { has: page.getByLabel('Ny ansvarlig, e-mail') }).getByText(/skal være en medarbejder på sagen/).waitFor();

    // The link goes by email only.
    await consentTab(page);
    await page.getByText('Borgeren har ikke fået et link endnu.').waitFor();
    await page.getByRole('button', { name: 'Send link til borgeren' }).click();
    await message(page, new RegExp(`Et personligt link er sendt til ${citizenEmail.replace(/\./g, '\\.')}\\. Det udløber`));
    const tokenRow = page.locator('#citizen-tokens tbody tr');
    await tokenRow.first().waitFor(); // the list of links loads after the page is drawn
    await expect(tokenRow.count()).resolves.toBe(1);
    await expect(tokenRow.textContent()).resolves.toContain('Aktivt');
    expect(await page.content()).not.toMatch(/rt_[A-Za-z0-9_-]{10,}/);
    await axe(page, 'Samtykke og adgang: borgerens link');

    const mail = await eventually(async () => (await caughtMail(citizenEmail)).find((m) => m.subject.startsWith('Følg din sag')));
    const link = /https?:\/\/[^\s/]+(\/citizen\.html#token=[^\s]+)/.exec(mail.text)![1];

    // The citizen opens the link: DKFDS page in Danish with plan, promises (owner and date) and the rest.
    await z.page.goto(`${svc.baseUrl}${link}`);
    await z.page.getByRole('heading', { name: `Din sag ${ref}` }).waitFor();
    expect(z.page.url()).not.toContain('token=');
    await z.page.getByRole('heading', { name: 'Din plan' }).waitFor();
    const plan = z.page.locator('section', { has: z.page.getByRole('heading', { name: 'Din plan' }) });
    await expect(plan.textContent()).resolves.toContain(`Bestil hæve-sænkebord – aftalt`);
    const promise = z.page.locator('tr', { hasText: 'Bestil hæve-sænkebord' });
    await expect(promise.textContent()).resolves.toContain(`Karen Konsulent (Fastholdelsescentret)${addDays(today(), 14)}Ikke gjort endnu`);
    for (const h2 of ['Næste skridt', 'Alt, der er lovet', 'Møder', 'Afgørelser', 'Tilskud', 'Dine kontakter']) await z.page.getByRole('heading', { name: h2 }).waitFor();
    await z.page.getByText('Der er ikke truffet afgørelser endnu.').waitFor();
    await expect(z.page.locator('link[href="/vendor/dkfds/css/dkfds.min.css"]').count()).resolves.toBe(1);
    await axe(z.page, 'Borgerens side');

    // The consultant closes the link, after a confirm dialog.
    await page.getByRole('button', { name: /^Luk linket fra / }).click();
    const dlg = page.getByRole('dialog', { name: 'Luk borgerens link?' });
    await dlg.waitFor();
    await axe(page, 'Luk borgerens link: bekræft');
    await dlg.getByRole('button', { name: 'Ja, luk linket' }).click();
    await dlg.waitFor({ state: 'detached' });
    await message(page, 'Borgerens link er lukket. Borgeren kan ikke længere åbne sagen med det.');
    await expect(page.locator('#citizen-tokens tbody tr').textContent()).resolves.toMatch(/Lukket /);

    // The citizen's next load: the link no longer works, in plain Danish.
    await z.page.reload();
    await z.page.getByText('Linket virker ikke længere').waitFor();
    await z.page.getByText('Bed din konsulent om et nyt.').waitFor();
    await axe(z.page, 'Borgerens side: lukket link');

    // Sign-out revokes the codec session and forgets the token.
    const deleted = page.waitForRequest((r) => r.method() === 'DELETE' && r.url().endsWith('/api/session/codec'));
    await page.getByRole('button', { name: 'Log ud' }).click();
    await deleted;
    await page.getByRole('heading', { name: 'Log ind' }).waitFor();
    await message(page, 'Du er logget ud.');
    await expect(page.evaluate(`sessionStorage.getItem('retention-token')`)).resolves.toBeNull();
  } finally {
    await c.context.close();
    await z.context.close();
  }
});
