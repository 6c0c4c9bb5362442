// The workbench end to end in Debian's Chromium (playwright-core): each role's journey through the pages
// only (the API is used for sign-in tokens alone), axe-core on every page of the journeys (0 serious or
// critical violations), the intake form and the decision dialog by keyboard alone, and the journey's
// emails at the SMTP catcher.
import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import path from 'node:path';
import { ARTIFACTS, axe, launchChromium, newSession, signIn as signInOnPage, statusMessage } from '../support/browser';
import { startTestService, caughtMail, eventually, type TestService } from '../support/service';
import { intakeBody } from '../support/fixtures';
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

/** The date input is typed as the en-US locale shows it (mm/dd/yyyy). */
const typedDate = (d: string) => `${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(0, 4)}`;

interface IntakeValues {
  ref: string;
  insurerId: string;
  insurerEmail: string;
  firstSickDay: string;
  citizenEmail: string;
  caseworkerEmail?: string;
}

async function fillIntake(page: Page, v: IntakeValues, caseworkerFields = true) {
  await page.getByLabel('Arbejdsskadesagsnummer').fill(v.ref);
  await page.getByLabel('Kommunekode').fill('751');
  await page.getByLabel('Borgerens navn').fill('Jens Jensen');
  await page.getByLabel('Borgerens e-mail').fill(v.citizenEmail);
  if (caseworkerFields) {
    await page.getByLabel('Sagsbehandlerens navn').fill('Søren Sagsbehandler');
    await page.getByLabel('Sagsbehandlerens e-mail').fill(v.caseworkerEmail ?? `sb-${v.ref}@aarhus.local`);
  }
  await page.getByLabel('Arbejdsgiverens navn').fill('Byg & Co ApS');
  await page.getByLabel('CVR-nummer').fill('12345678');
  await page.getByLabel('Arbejdsgiverens e-mail').fill(`hr-${v.ref}@bygco.local`);
  await page.getByLabel('Forsikringsselskabets id').fill(v.insurerId);
  await page.getByLabel('Forsikringsselskabets navn').fill('Forsikring A');
  await page.getByLabel('Forsikringsselskabets e-mail').fill(v.insurerEmail);
  await page.getByLabel('Skadedato').fill(addDays(v.firstSickDay, -2));
  await page.getByLabel('Første sygedag').fill(v.firstSickDay);
}

const tag = () => randomUUID().slice(0, 8);

test('consultant, insurer and consultant again: intake → roundtable → outcome → minutes → subsidy → approval → payment → tasks → closing', async () => {
  const t = tag();
  const insurerId = `insurer-${t}`;
  const consultantToken = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  const insurerToken = await svc.token('insurer', insurerId, 'Forsikring A');
  const ref = `AS-2026-${t}`.toUpperCase();
  const citizenEmail = `jens-${t}@borger.local`;
  const insurerEmail = `skade-${t}@forsikring-a.local`;
  const c = await session();
  const page = c.page;
  try {
    await signIn(page, consultantToken);
    await page.getByRole('heading', { name: 'Mine opgaver' }).waitFor();
    await axe(page, 'Mine opgaver');
    await page.getByRole('link', { name: 'Opret sag' }).first().click();
    await page.getByRole('heading', { name: 'Opret sag' }).waitFor();
    await axe(page, 'Opret sag');
    await fillIntake(page, { ref, insurerId, insurerEmail, citizenEmail, firstSickDay: addDays(today(), -28) });
    await page.getByRole('button', { name: 'Opret sag' }).click();
    await page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();
    await message(page, 'Sagen er oprettet og aktiv.');
    await axe(page, 'Sag: overblik');
    const caseUrl = page.url().replace(/\/[a-z]+$/, '');

    // Roundtable: schedule with participants and consent.
    await page.getByRole('link', { name: 'Rundbordssamtaler' }).click();
    await page.getByRole('heading', { name: 'Planlæg rundbordssamtale' }).waitFor();
    await axe(page, 'Sag: rundbordssamtaler');
    await page.getByLabel('Tidspunkt').fill(`${addDays(today(), 7)}T10:00`);
    await page.getByLabel('Sted', { exact: true }).fill('Jobcenter Aarhus');
    await page.getByLabel('Formål').fill('Plan for tilbagevenden til arbejdet');
    await page.getByLabel('Dagsorden').fill('Status\nPlan for arbejdet');
    await page.getByLabel('Borgeren giver samtykke til, at arbejdsgiveren deltager').check();
    await page.getByRole('button', { name: 'Planlæg og send invitationer' }).click();
    await message(page, 'Rundbordssamtalen er planlagt, og invitationerne er sendt.');

    // Outcome with one agreed action.
    await page.getByText('Registrér resultat').click();
    await page.getByLabel('Resultat', { exact: true }).fill('Delvis tilbagevenden med hjælpemidler aftalt.');
    await page.getByLabel('Handling (valgfri)').fill('Bestil hæve-sænkebord');
    await page.getByLabel('Ansvarlig, navn').fill('Karen Konsulent');
    await page.getByLabel('Ansvarlig, e-mail').fill(`konsulent-${t}@fastholdelse.local`);
    await page.getByLabel('Ansvarlig, rolle').selectOption('consultant');
    await page.getByLabel('Frist').fill(addDays(today(), 14));
    await page.getByRole('button', { name: 'Gem resultat' }).click();
    await message(page, 'Resultatet er gemt. Husk at sende referatet.');
    await axe(page, 'Sag: rundbord med resultat');

    // Minutes.
    await page.getByLabel('Referat', { exact: true }).fill('Referat: delvis tilbagevenden, bord bestilles.');
    await page.getByRole('button', { name: 'Send referat' }).click();
    await message(page, 'Referatet er sendt til deltagerne.');

    // Subsidy request.
    await page.getByRole('link', { name: 'Tilskud' }).click();
    await page.getByRole('heading', { name: 'Anmod om tilskud' }).waitFor();
    await page.getByLabel('Type').selectOption('aids');
    await page.getByLabel('Hvad søges der om?').fill('Hæve-sænkebord');
    await page.getByLabel('Beløb (kr.)').fill('4500');
    await page.getByLabel('Begrundelse').fill('Bordet gør det muligt at arbejde stående og vende tilbage på nedsat tid.');
    await page.getByRole('button', { name: 'Send anmodning' }).click();
    await message(page, 'Anmodningen er sendt til forsikringsselskabet.');
    await page.getByText('Afventer forsikring').waitFor();
    await axe(page, 'Sag: tilskud');

    // Closing is blocked: the blockers are listed, each a link.
    await page.getByRole('link', { name: 'Afslutning' }).click();
    await page.getByLabel('Udfald').selectOption('same-employer-part-time');
    await page.getByRole('button', { name: 'Afslut sagen' }).click();
    await page.getByText('Sagen kan ikke afsluttes endnu. Luk først disse:').waitFor();
    const blockers = page.locator('#close-blockers a');
    await expect(blockers.first().textContent()).resolves.toMatch(/^Opgave: /);
    await axe(page, 'Sag: afslutning blokeret');

    // The insurer, in its own browser session, answers from its inbox; a double click is one answer.
    const ins = await session();
    try {
      await signIn(ins.page, insurerToken);
      await ins.page.getByRole('heading', { name: 'Indbakke' }).waitFor();
      const card = ins.page.locator('article').filter({ hasText: ref });
      await card.waitFor();
      await axe(ins.page, 'Forsikring: indbakke');
      await card.getByLabel('Svar').selectOption('approved');
      await card.getByLabel('Bevilget beløb (kr.)').fill('4000');
      await card.getByRole('button', { name: 'Send svar' }).dblclick();
      await message(ins.page, /er sendt: bevilget/);
      await ins.page.getByText('Ingen anmodninger venter på svar.').waitFor();
      // (An assertion, not a journey step: the double click was one answer.)
      const { body } = await svc.api('GET', '/api/insurer/subsidies', { token: insurerToken });
      expect(body.items).toHaveLength(1);
      expect(body.items[0]).toMatchObject({ status: 'approved', approvedAmountDkk: 4000 });
      expect(body.items[0].history.filter((x: { type: string }) => x.type === 'answered')).toHaveLength(1);
    } finally {
      await ins.context.close();
    }

    // Back to the consultant: confirm payment.
    await page.goto(`${caseUrl}/tilskud`);
    await page.getByRole('button', { name: 'Bekræft udbetaling' }).waitFor();
    await expect(page.locator('main').textContent()).resolves.toContain('4.000 kr.');
    await page.getByRole('button', { name: 'Bekræft udbetaling' }).click();
    await message(page, 'Udbetalingen er bekræftet.');
    await page.getByText('Udbetalt', { exact: true }).first().waitFor();

    // Complete the remaining tasks.
    await page.getByRole('link', { name: 'Opgaver', exact: true }).click();
    await page.getByRole('heading', { name: 'Opgaver', exact: true }).waitFor();
    await axe(page, 'Sag: opgaver');
    for (let i = 0; i < 10; i++) {
      const button = page.getByRole('button', { name: /^Markér ".*" som udført$/ }).first();
      if ((await button.count()) === 0) break;
      const title = /^Markér "(.*)" som udført$/.exec((await button.textContent()) ?? '')![1];
      await button.click();
      await message(page, `Opgaven "${title}" er markeret som udført.`);
      await page.getByRole('button', { name: `Markér "${title}" som udført` }).waitFor({ state: 'detached' });
    }
    await expect(page.getByRole('button', { name: /^Markér ".*" som udført$/ }).count()).resolves.toBe(0);

    // Now the case closes into aftercare.
    await page.getByRole('link', { name: 'Afslutning' }).click();
    await page.getByLabel('Udfald').selectOption('same-employer-part-time');
    await page.getByRole('button', { name: 'Afslut sagen' }).click();
    await message(page, 'Sagen er afsluttet og overgår til efterværn.');
    await page.getByText('Sagen er i efterværn.', { exact: false }).waitFor();
    await axe(page, 'Sag: efterværn');
    await page.getByRole('link', { name: 'Tidslinje' }).click();
    await page.locator('ol.timeline').waitFor();
    await axe(page, 'Sag: tidslinje');
    await page.screenshot({ path: path.join(ARTIFACTS, 'workbench-timeline.png'), fullPage: true });
  } finally {
    await c.context.close();
  }

  // The journey's emails reached the SMTP listener: invitations and minutes to the citizen, the request to the insurer.
  const citizenMail = await eventually(async () => {
    const mails = await caughtMail(citizenEmail);
    return mails.length >= 2 ? mails : undefined;
  }, 30_000);
  expect(citizenMail.map((m) => m.subject).join('\n')).toMatch(/nvitation|Rundbord/i);
  expect(citizenMail.map((m) => m.subject).join('\n')).toMatch(/eferat/i);
  const insurerMail = await eventually(async () => {
    const mails = await caughtMail(insurerEmail);
    return mails.length >= 1 ? mails : undefined;
  }, 30_000);
  expect(insurerMail.length).toBeGreaterThanOrEqual(1);
});

/** Tabs until the focused element is the control labelled `label` (keyboard only; no clicks). */
async function tabTo(page: Page, label: string | RegExp, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    // A string, so the test's TypeScript needs no DOM types: the focused control's label text.
    const name = (await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el) return '';
      const id = el.getAttribute('id');
      const lab = id ? document.querySelector('label[for="' + id + '"]') : null;
      return ((lab ? lab.textContent : el.textContent) || '').trim();
    })()`)) as string;
    if (typeof label === 'string' ? name === label || name.startsWith(`${label} (`) : label.test(name)) return;
  }
  throw new Error(`could not tab to ${String(label)}`);
}

test('by keyboard alone: the intake form, then a decision near the limit meets the rule-collision dialog and is recorded only after the acknowledgement', async () => {
  const t = tag();
  const consultantToken = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  const ref = `AS-2026-${t}`.toUpperCase();
  // Limit = first sick day + 21 days + 52 weeks: 30 days ahead, inside the 8-week warning window.
  const firstSickDay = addDays(today(), 30 - 21 - 364);
  const { context, page } = await session();
  try {
    await signIn(page, consultantToken);
    await page.getByRole('heading', { name: 'Mine opgaver' }).waitFor();
    await page.goto(`${svc.baseUrl}/#/new-case`);
    await page.getByRole('heading', { name: 'Opret sag' }).waitFor();
    const fields: Array<[string, string]> = [
      ['Arbejdsskadesagsnummer', ref],
      ['Kommunekode', '751'],
      ['Borgerens navn', 'Mette Madsen'],
      ['Borgerens e-mail', `mette-${t}@borger.local`],
      ['Sagsbehandlerens navn', 'Søren Sagsbehandler'],
      ['Sagsbehandlerens e-mail', `sb-${t}@aarhus.local`],
      ['Forsikringsselskabets id', 'insurer-a'],
      ['Forsikringsselskabets navn', 'Forsikring A'],
      ['Forsikringsselskabets e-mail', `skade-${t}@forsikring-a.local`],
      ['Skadedato', typedDate(addDays(firstSickDay, -2))],
      ['Første sygedag', typedDate(firstSickDay)],
    ];
    for (const [label, value] of fields) {
      await tabTo(page, label);
      await page.keyboard.type(value);
    }
    await tabTo(page, 'Opret sag');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();
    await message(page, 'Sagen er oprettet og aktiv.');

    // To the legal track by keyboard: the tab link, then the decision form.
    await tabTo(page, 'Afgørelser');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Træf afgørelse' }).waitFor();
    await axe(page, 'Sag: afgørelser');
    await tabTo(page, 'Tab af erhvervsevne (%)');
    await page.keyboard.type('30');
    await tabTo(page, 'Begrundelse');
    await page.keyboard.type('Tabet af erhvervsevne er vurderet til 30 % ud fra lægelige oplysninger.');
    await tabTo(page, 'Træf afgørelse');
    await page.keyboard.press('Enter');

    const dlg = page.getByRole('dialog', { name: 'Afgørelsen kolliderer med sygedagpengereglerne' });
    await dlg.waitFor();
    await axe(page, 'Afgørelse: regelkollision');
    // Focus starts on the acknowledgement. Sending without it is refused on the page; nothing is recorded.
    await page.keyboard.press('Tab'); // next income basis
    await page.keyboard.type('Fleksjob');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dlg.getByText('sæt kryds for at kvittere for regelkollisionen').first().waitFor();
    await expect(page.getByText('Ingen afgørelser endnu.').count()).resolves.toBe(1);

    // Acknowledge with the keyboard: the error summary's link leads to the checkbox; space ticks it; then send.
    await tabTo(page, /^Jeg er klar over.*: sæt kryds/, 10);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    expect(await dlg.getByLabel(/^Jeg er klar over/).isChecked()).toBe(true);
    await tabTo(page, 'Kvittér og træf afgørelsen');
    await page.keyboard.press('Enter');
    await dlg.waitFor({ state: 'detached' });
    await message(page, 'Afgørelsen er truffet (Midlertidig afgørelse).');
    const row = page.locator('tr', { hasText: 'Midlertidig afgørelse' });
    await expect(row.textContent()).resolves.toContain('Regelkollision kvitteret; næste indkomstgrundlag: Fleksjob');
  } finally {
    await context.close();
  }
});

test('a caseworker records a sick-leave period and sees the clock move', async () => {
  const t = tag();
  const caseworkerToken = await svc.token('caseworker', '751', 'Søren Sagsbehandler');
  const ref = `AS-2026-${t}`.toUpperCase();
  const { context, page } = await session();
  try {
    await signIn(page, caseworkerToken);
    await page.getByRole('link', { name: 'Opret sag' }).first().click();
    await fillIntake(page, { ref, insurerId: 'insurer-a', insurerEmail: `skade-${t}@forsikring-a.local`, citizenEmail: `cw-${t}@borger.local`, firstSickDay: addDays(today(), -60) }, false);
    await page.getByRole('button', { name: 'Opret sag' }).click();
    await page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();
    const caseUrl = page.url();

    // The same reference again: a 409 that links to the existing case.
    await page.getByRole('link', { name: 'Opret sag' }).first().click();
    await page.getByRole('heading', { name: 'Opret sag' }).waitFor();
    await fillIntake(page, { ref, insurerId: 'insurer-a', insurerEmail: `skade-${t}@forsikring-a.local`, citizenEmail: `cw-${t}@borger.local`, firstSickDay: addDays(today(), -60) }, false);
    await page.getByRole('button', { name: 'Opret sag' }).click();
    await page.getByText('Der findes allerede en sag med dette arbejdsskadesagsnummer.').waitFor();
    await axe(page, 'Opret sag: dublet');
    await page.getByRole('link', { name: 'den eksisterende sag' }).click();
    await page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();
    expect(page.url()).toBe(caseUrl);
    await page.getByRole('link', { name: 'Sygedagpenge' }).click();
    const clock = page.locator('#sick-pay-clock');
    await clock.waitFor();
    await axe(page, 'Sag: sygedagpengeuret');
    const before = await clock.getAttribute('data-limit');
    await page.getByLabel('Hændelse').selectOption('return-to-work');
    await page.getByLabel('Dato', { exact: true }).fill(addDays(today(), -10));
    await page.getByRole('button', { name: 'Registrér' }).click();
    await message(page, /Perioden er registreret/);
    const after = await page.locator('#sick-pay-clock').getAttribute('data-limit');
    expect(after! > before!).toBe(true);
    await expect(page.locator('#clock-lines').textContent()).resolves.toMatch(/Raskmeldt fra .* lægges til indtil videre/);
    await expect(page.locator('#sick-pay-clock [data-kind="pause"]').count()).resolves.toBe(1);
  } finally {
    await context.close();
  }
});

/** The field labelled `label` in `form` shows a server error next to it (DKFDS form-error group, described by its error). */
async function expectFieldError(form: Locator, label: RegExp) {
  const field = form.getByLabel(label).first();
  await form.locator('.form-group.form-error').first().waitFor();
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  // The field's own DKFDS form group carries the error.
  await expect(field.locator('xpath=ancestor::div[contains(@class, "form-group ")][1]').getAttribute('class')).resolves.toContain('form-error');
  const errorId = (await field.getAttribute('aria-describedby'))!.split(' ').find((i) => i.endsWith('-error'))!;
  await expect(form.locator(`[id="${errorId}"]`).textContent()).resolves.toMatch(/^Fejl: ./);
  // The DKFDS error summary links to the field.
  await form.locator('.error-summary a').first().waitFor();
}

/** A case opened through the API with its own insurer, and helpers to set it up further (keyed POSTs, a roundtable body). */
async function caseSetUpThroughTheApi() {
  const t = tag();
  const insurerId = `insurer-${t}`;
  const consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  const insurer = await svc.token('insurer', insurerId, 'Forsikring A');
  const body = intakeBody({ insurer: { id: insurerId, name: 'Forsikring A', email: `skade-${t}@forsikring-a.local` } });
  const caseId = (await svc.api('POST', '/api/cases', { token: consultant, body })).body.caseId as string;
  const post = async (p: string, b: unknown, token = consultant) => {
    const r = await svc.api('POST', p, { token, body: b, headers: { 'idempotency-key': randomUUID() } });
    expect([200, 201]).toContain(r.status);
    return r.body;
  };
  const rt = (inDays: number) => ({
    scheduledAt: `${addDays(today(), inDays)}T10:00:00+01:00`,
    location: 'Jobcenter',
    purpose: 'Plan',
    agenda: ['Status'],
    participants: [{ role: 'citizen', name: 'Jens Jensen', email: body.citizen.email }],
  });
  return { t, consultant, insurer, body, caseId, post, rt };
}

test('every form shows its server-side validation error next to its field', async () => {
  // Setup through the API (this test is about the forms, not a journey).
  const { t, consultant, insurer, body, caseId, post, rt } = await caseSetUpThroughTheApi();
  await post(`/api/cases/${caseId}/roundtables`, rt(5));
  const held = await post(`/api/cases/${caseId}/roundtables`, rt(6));
  await post(`/api/cases/${caseId}/roundtables/${held.roundtableId}/outcome`, {
    heldOn: today(),
    summary: 'Aftalt',
    actions: [{ title: 'Ring til lægen', owner: { role: 'consultant', name: 'Karen Konsulent', email: `k-${t}@fastholdelse.local` }, dueOn: addDays(today(), 9) }],
  });
  await post(`/api/cases/${caseId}/decisions`, { kind: 'interim', earningCapacityLossPct: 20, justification: 'Foreløbig vurdering ud fra lægens erklæring.', acknowledgeRuleCollision: true, nextIncomeBasis: 'Løn på nedsat tid' });
  await post(`/api/cases/${caseId}/insurer-consultations`, { question: 'Har I bemærkninger til afgørelsen?' });
  const subsidy = (description: string) => ({ kind: 'aids', description, amountDkk: 1000, justification: 'En begrundelse på mere end tyve tegn.' });
  const s1 = await post(`/api/cases/${caseId}/subsidies`, subsidy('Info-tilskud'));
  await post(`/api/subsidies/${s1.subsidyId}/decision`, { decision: 'info-requested', note: 'Send mere' }, insurer);
  const s2 = await post(`/api/cases/${caseId}/subsidies`, subsidy('Bevilget tilskud'));
  await post(`/api/subsidies/${s2.subsidyId}/decision`, { decision: 'approved' }, insurer);
  await post(`/api/cases/${caseId}/subsidies`, subsidy('Åbent tilskud'));

  type Row = { page: string; submit: string; within?: string; open?: string; fill: Array<[RegExp, string]>; field: RegExp };
  const rows: Row[] = [
    { page: '#/new-case', submit: 'Opret sag', fill: [[/^Borgerens e-mail/, 'ikke-en-mail']], field: /^Borgerens e-mail/ },
    { page: 'sygedagpenge', submit: 'Registrér', fill: [[/^Dato/, '']], field: /^Dato/ },
    { page: 'sygedagpenge', submit: 'Ret første sygedag', fill: [[/^Begrundelse/, 'abc']], field: /^Begrundelse/ },
    { page: 'jura', submit: 'Gem lægelig status', fill: [[/^Vurderet den/, '']], field: /^Vurderet den/ },
    { page: 'jura', submit: 'Træf afgørelse', fill: [[/^Tab af erhvervsevne/, '10'], [/^Begrundelse/, 'For kort']], field: /^Begrundelse/ },
    { page: 'jura', submit: 'Registrér klage', fill: [[/^Indgivet den/, '']], field: /^Indgivet den/ },
    { page: 'jura', submit: 'Send høring', fill: [[/^Spørgsmål/, 'Kort']], field: /^Spørgsmål/ },
    { page: 'rundbord', submit: 'Planlæg og send invitationer', fill: [[/^Tidspunkt/, `${addDays(today(), 3)}T09:00`], [/^Sted/, '']], field: /^Sted/ },
    { page: 'rundbord', submit: 'Gem resultat', open: 'Registrér resultat', fill: [[/^Resultat/, '']], field: /^Resultat/ },
    { page: 'rundbord', submit: 'Flyt mødet', open: 'Flyt mødet', fill: [[/^Nyt tidspunkt/, '']], field: /^Nyt tidspunkt/ },
    { page: 'rundbord', submit: 'Aflys mødet', open: 'Aflys mødet', fill: [[/^Begrundelse/, '']], field: /^Begrundelse/ },
    { page: 'rundbord', submit: 'Send referat', fill: [[/^Referat/, '']], field: /^Referat/ },
    { page: 'opgaver', within: 'Ring til lægen', submit: 'Annullér opgaven', open: 'Annullér', fill: [[/^Begrundelse/, '']], field: /^Begrundelse/ },
    { page: 'opgaver', within: 'Ring til lægen', submit: 'Giv opgaven videre', open: 'Giv videre', fill: [[/^Ny ansvarlig, navn/, 'Ib'], [/^Ny ansvarlig, e-mail/, 'ib@']], field: /^Ny ansvarlig, e-mail/ },
    { page: 'tilskud', submit: 'Send anmodning', fill: [[/^Hvad søges der om/, 'Stol'], [/^Beløb/, '100'], [/^Begrundelse/, 'For kort']], field: /^Begrundelse/ },
    { page: 'tilskud', submit: 'Send oplysninger', fill: [[/^Oplysninger/, '']], field: /^Oplysninger/ },
    { page: 'tilskud', submit: 'Bekræft udbetaling', fill: [[/^Udbetalt den/, '']], field: /^Udbetalt den/ },
    { page: 'tilskud', within: 'Åbent tilskud', submit: 'Træk tilbage', open: 'Træk anmodningen tilbage', fill: [[/^Begrundelse/, '']], field: /^Begrundelse/ },
    { page: 'afslutning', submit: 'Afslut sagen', fill: [[/^Note/, 'x'.repeat(4001)]], field: /^Note/ },
  ];
  const insurerRows: Row[] = [
    { page: '#/inbox', within: 'Åbent tilskud', submit: 'Send svar', fill: [[/^Svar/, 'info-requested']], field: /^Note til konsulenten/ },
    { page: '#/inbox', within: 'Har I bemærkninger', submit: 'Send høringssvar', fill: [[/^Høringssvar/, 'x']], field: /^Høringssvar/ },
  ];

  async function check(page: Page, r: Row) {
    const url = r.page.startsWith('#') ? `${svc.baseUrl}/${r.page}` : `${svc.baseUrl}/#/cases/${caseId}/${r.page}`;
    await page.goto('about:blank');
    await page.goto(url);
    const scope = r.within ? page.locator('article, tr').filter({ hasText: r.within }).last() : page.locator('main');
    const button = scope.getByRole('button', { name: r.submit, exact: true });
    if (r.open) await scope.locator('summary', { hasText: r.open }).first().click();
    const form = scope.locator('form').filter({ has: page.getByRole('button', { name: r.submit, exact: true }) });
    for (const [label, value] of r.fill) {
      const control = form.getByLabel(label).first();
      if ((await control.evaluate((e) => e.tagName)) === 'SELECT') await control.selectOption(value);
      else await control.fill(value);
    }
    await button.click();
    try {
      await expectFieldError(form, r.field);
    } catch (err) {
      throw new Error(`${r.page} / ${r.submit}: ${(err as Error).message}`);
    }
  }

  const cs = await session();
  try {
    await signIn(cs.page, consultant);
    for (const r of rows) await check(cs.page, r);
    await axe(cs.page, 'form with errors');
  } finally {
    await cs.context.close();
  }
  const is = await session();
  try {
    await signIn(is.page, insurer);
    for (const r of insurerRows) await check(is.page, r);
    // The sign-in form: an unknown token is shown next to the token field.
    await is.page.evaluate('sessionStorage.clear()');
    await is.page.goto(`${svc.baseUrl}/#/login`);
    await is.page.reload();
    await check(is.page, { page: '#/login', submit: 'Log ind', fill: [[/^Adgangsnøgle/, 'rt_ukendt']], field: /^Adgangsnøgle/ });
  } finally {
    await is.context.close();
  }
});

test('union and employer see exactly what the API lets them see; 404 is a plain page and 401 goes back to sign-in', async () => {
  const t = tag();
  const unionId = `union-${t}`;
  const cvr = String(10000000 + Math.floor(Math.random() * 89999999));
  const consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  const union = await svc.token('union', unionId, 'Fagforening');
  const employer = await svc.token('employer', cvr, 'Byg & Co ApS');
  const base = intakeBody();
  const body = {
    ...base,
    employer: { name: 'Byg & Co ApS', cvr, email: `hr-${t}@bygco.local`, stillEmployed: true },
    union: { id: unionId, name: 'Fagforening', email: `u-${t}@union.local`, powerOfAttorney: 'full' as const },
  };
  const created = await svc.api('POST', '/api/cases', { token: consultant, body });
  expect(created.status).toBe(201);
  const ref = body.injuryCaseRef.toUpperCase();

  for (const [who, token, legal] of [['union', union, true], ['employer', employer, false]] as const) {
    const { context, page } = await session();
    try {
      await signIn(page, token);
      await page.getByRole('heading', { name: 'Sager' }).waitFor();
      await axe(page, `${who}: sager`);
      await page.getByRole('link', { name: ref }).click();
      await page.getByRole('heading', { name: `Sag ${ref}` }).waitFor();
      await axe(page, `${who}: sag`);
      const tabs = await page.getByRole('navigation', { name: 'Sagens sider' }).getByRole('link').allTextContents();
      if (legal) expect(tabs).toEqual(expect.arrayContaining(['Sygedagpenge', 'Afgørelser', 'Tilskud']));
      else expect(tabs.filter((x) => ['Sygedagpenge', 'Afgørelser', 'Tilskud'].includes(x))).toEqual([]);
      // Neither may act as the centre: no intake in the menu, no forms of the centre on the overview.
      await expect(page.getByRole('link', { name: 'Opret sag' }).count()).resolves.toBe(0);
      if (!legal) expect(await page.locator('main').textContent()).not.toContain('Knust hånd');

      await page.goto(`${svc.baseUrl}/#/cases/UNKNOWN-CASE-${t}`);
      await page.getByRole('heading', { name: 'Findes ikke' }).waitFor();
      await axe(page, `${who}: 404`);
    } finally {
      await context.close();
    }
  }

  // A token that stops working: the next page sends the user back to sign-in with a message.
  const { context, page } = await session();
  try {
    await signIn(page, union);
    await page.getByRole('heading', { name: 'Sager' }).waitFor();
    await page.evaluate(`sessionStorage.setItem('retention-token', 'rt_not-a-valid-token')`);
    await page.getByRole('link', { name: ref }).click();
    await page.getByRole('heading', { name: 'Log ind' }).waitFor();
    await message(page, 'Din adgangsnøgle er ikke gyldig længere. Log ind igen.');
  } finally {
    await context.close();
  }
});

test('the other forms of the case page succeed: medical status, first-sick-day correction, consultation and its answer, appeal, reschedule, cancel, reassign, cancel a task, information for the insurer, withdrawal', async () => {
  // Setup through the API (only what the forms below act on).
  const { t, consultant, insurer, body, caseId, post, rt } = await caseSetUpThroughTheApi();
  await post(`/api/cases/${caseId}/roundtables`, rt(5));
  await post(`/api/cases/${caseId}/roundtables`, rt(8));
  const held = await post(`/api/cases/${caseId}/roundtables`, rt(6));
  await post(`/api/cases/${caseId}/roundtables/${held.roundtableId}/outcome`, {
    heldOn: today(),
    summary: 'Aftalt',
    actions: [
      { title: 'Ring til lægen', owner: { role: 'consultant', name: 'Karen Konsulent', email: `k-${t}@fastholdelse.local` }, dueOn: addDays(today(), 9) },
      { title: 'Skriv til arbejdsgiveren', owner: { role: 'consultant', name: 'Karen Konsulent', email: `k-${t}@fastholdelse.local` }, dueOn: addDays(today(), 9) },
    ],
  });
  await post(`/api/cases/${caseId}/decisions`, { kind: 'interim', earningCapacityLossPct: 20, justification: 'Foreløbig vurdering ud fra lægens erklæring.', acknowledgeRuleCollision: true, nextIncomeBasis: 'Løn på nedsat tid' });
  const s1 = await post(`/api/cases/${caseId}/subsidies`, { kind: 'aids', description: 'Info-tilskud', amountDkk: 1000, justification: 'En begrundelse på mere end tyve tegn.' });
  await post(`/api/subsidies/${s1.subsidyId}/decision`, { decision: 'info-requested', note: 'Send lægens vurdering' }, insurer);
  await post(`/api/cases/${caseId}/subsidies`, { kind: 'transport', description: 'Åbent tilskud', amountDkk: 2000, justification: 'En begrundelse på mere end tyve tegn.' });

  const { context, page } = await session();
  const tab = async (name: string) => {
    await page.goto('about:blank');
    await page.goto(`${svc.baseUrl}/#/cases/${caseId}/${name}`);
    await page.locator('main h2').first().waitFor();
  };
  try {
    await signIn(page, consultant);

    await tab('jura');
    let form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Gem lægelig status' }) });
    await form.getByLabel('Er skaden stationær?').selectOption('true');
    await form.getByLabel(/^Kilde/).fill('Speciallægeerklæring');
    await form.getByRole('button', { name: 'Gem lægelig status' }).click();
    await message(page, 'Den lægelige status er gemt.');
    await expect(page.locator('dl.facts').first().textContent()).resolves.toContain('StationærJa');

    form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Send høring' }) });
    await form.getByLabel(/^Spørgsmål/).fill('Har I bemærkninger til en afgørelse om 20 %?');
    await form.getByRole('button', { name: 'Send høring' }).click();
    await message(page, 'Høringen er sendt til forsikringsselskabet.');

    form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Registrér klage' }) });
    await form.getByLabel('Klager').selectOption('citizen');
    await form.getByRole('button', { name: 'Registrér klage' }).click();
    await message(page, 'Klagen er registreret.');
    await page.locator('table', { hasText: 'Borgeren' }).waitFor();

    await tab('sygedagpenge');
    const before = await page.locator('#sick-pay-clock').getAttribute('data-limit');
    form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Ret første sygedag' }) });
    await form.getByLabel('Korrekt første sygedag').fill(addDays(body.sickLeave.firstSickDay, 3));
    await form.getByLabel('Begrundelse').fill('Lægeerklæringen viser en senere dato');
    await form.getByRole('button', { name: 'Ret første sygedag' }).click();
    await message(page, /Første sygedag er rettet/);
    expect(await page.locator('#sick-pay-clock').getAttribute('data-limit')).toBe(addDays(before!, 3));

    await tab('rundbord');
    const scheduled = page.locator('article').filter({ hasText: 'Planlagt' });
    await scheduled.first().getByText('Flyt mødet').first().click();
    form = scheduled.first().locator('form').filter({ has: page.getByRole('button', { name: 'Flyt mødet' }) });
    await form.getByLabel('Nyt tidspunkt').fill(`${addDays(today(), 10)}T13:30`);
    await form.getByRole('button', { name: 'Flyt mødet' }).click();
    await message(page, 'Mødet er flyttet, og deltagerne har fået besked.');
    await page.locator('article').filter({ hasText: 'kl. 13.30' }).or(page.locator('article').filter({ hasText: '13.30' })).first().waitFor();
    const other = page.locator('article').filter({ hasText: 'Planlagt' }).last();
    await other.getByText('Aflys mødet').first().click();
    form = other.locator('form').filter({ has: page.getByRole('button', { name: 'Aflys mødet' }) });
    await form.getByLabel('Begrundelse').fill('Borgeren er syg');
    await form.getByRole('button', { name: 'Aflys mødet' }).click();
    await message(page, 'Mødet er aflyst, og deltagerne har fået besked.');
    await page.locator('article').filter({ hasText: 'Aflyst fordi' }).waitFor();

    await tab('opgaver');
    let row = page.locator('tr').filter({ hasText: 'Ring til lægen' });
    await row.getByText('Giv videre').click();
    await row.getByLabel('Ny ansvarlig, navn').fill('Søren Sagsbehandler');
    // The case's own caseworker: a task goes only to staff of the case.
    await row.getByLabel('Ny ansvarlig, e-mail').fill(body.caseworker!.email);
    await row.getByLabel('Rolle').selectOption('caseworker');
    await row.getByRole('button', { name: 'Giv opgaven videre' }).click();
    await message(page, 'Opgaven "Ring til lægen" er givet videre.');
    await expect(page.locator('tr').filter({ hasText: 'Ring til lægen' }).textContent()).resolves.toContain('Søren Sagsbehandler');
    row = page.locator('tr').filter({ hasText: 'Skriv til arbejdsgiveren' });
    await row.getByText('Annullér', { exact: true }).click();
    await row.getByLabel('Begrundelse').fill('Arbejdsgiveren har selv ringet');
    await row.getByRole('button', { name: 'Annullér opgaven' }).click();
    await message(page, 'Opgaven "Skriv til arbejdsgiveren" er annulleret.');
    await expect(page.locator('tr').filter({ hasText: 'Skriv til arbejdsgiveren' }).textContent()).resolves.toContain('Annulleret');

    await tab('tilskud');
    const infoCard = page.locator('article').filter({ hasText: 'Info-tilskud' });
    await infoCard.getByText('Forsikringen spørger: Send lægens vurdering').waitFor();
    await infoCard.getByLabel('Oplysninger til forsikringsselskabet').fill('Lægen vurderer 6 uger.');
    await infoCard.getByRole('button', { name: 'Send oplysninger' }).click();
    await message(page, 'Oplysningerne er sendt til forsikringsselskabet.');
    const open = page.locator('article').filter({ hasText: 'Åbent tilskud' });
    await open.getByText('Træk anmodningen tilbage').click();
    await open.getByLabel('Begrundelse').fill('Borgeren har fået kørsel via kommunen');
    await open.getByRole('button', { name: 'Træk tilbage' }).click();
    await message(page, 'Anmodningen er trukket tilbage.');
    await page.locator('article').filter({ hasText: 'Åbent tilskud' }).getByText('Trukket tilbage').waitFor();
  } finally {
    await context.close();
  }

  // The insurer answers the consultation from its inbox, where the answered information request is back too.
  const ins = await session();
  try {
    await signIn(ins.page, insurer);
    const consultation = ins.page.locator('article').filter({ hasText: 'Har I bemærkninger til en afgørelse om 20 %?' });
    await consultation.getByLabel('Høringssvar').fill('Ingen bemærkninger.');
    await consultation.getByRole('button', { name: 'Send høringssvar' }).click();
    await message(ins.page, /Høringssvaret på sag .* er sendt\./);
    await ins.page.locator('article').filter({ hasText: 'Info-tilskud' }).waitFor();
    await expect(ins.page.locator('article').filter({ hasText: 'Har I bemærkninger' }).count()).resolves.toBe(0);
  } finally {
    await ins.context.close();
  }
});

test('screening answered later: an intake with an unknown criterion waits in screening until the overview form answers it', async () => {
  const t = tag();
  const consultant = await svc.token('consultant', 'fastholdelsescentret', 'Karen Konsulent');
  const ref = `AS-2026-${t}`.toUpperCase();
  const { context, page } = await session();
  try {
    await signIn(page, consultant);
    await page.goto(`${svc.baseUrl}/#/new-case`);
    await page.getByRole('heading', { name: 'Opret sag' }).waitFor();
    await fillIntake(page, { ref, insurerId: 'insurer-a', insurerEmail: `skade-${t}@forsikring-a.local`, citizenEmail: `s-${t}@borger.local`, firstSickDay: addDays(today(), -20) });
    await page.getByLabel('Varige følger?').selectOption('unknown');
    await page.getByRole('button', { name: 'Opret sag' }).click();
    await message(page, 'Sagen er oprettet; visitationen mangler svar.');
    await expect(page.locator('.case-status').textContent()).resolves.toContain('Visitation');
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Gem visitation' }) });
    await form.getByLabel('Varige følger?').selectOption('true');
    await form.getByRole('button', { name: 'Gem visitation' }).click();
    await message(page, 'Visitationen er gemt: Aktiv.');
    await expect(page.locator('.case-status').textContent()).resolves.toContain('Aktiv');
  } finally {
    await context.close();
  }
});
