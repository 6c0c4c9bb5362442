// Danish email texts. Each template gets only what its recipient may see and a link to the case;
// no diagnosis, no injury description, no medical details ever go into an email.
import { STUCK_LABELS, type StuckCode } from '../supervision/stuckRules';

/** A rendered email. */
export interface RenderedEmail {
  subject: string;
  text: string;
}

type Params = Record<string, unknown>;
type Template = (p: Params, link: (path: string) => string) => RenderedEmail;

const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(s) : []);
const numbered = (v: unknown): string => list(v).map((a, i) => `${i + 1}. ${a}`).join('\n');
// Time to the sick-pay limit: whole weeks, or days when under a week is left (a reminder re-armed for a
// moved limit, or a back-dated case, can go out later than planned).
const timeLeft = (p: Params): string =>
  Number(p.weeksLeft) >= 1 ? `${s(p.weeksLeft)} ${p.weeksLeft === 1 ? 'uge' : 'uger'}` : `${s(p.daysLeft)} ${p.daysLeft === 1 ? 'dag' : 'dage'}`;
const footer = '\n\nVenlig hilsen\nFastholdelsescentret\n\n(Denne e-mail er sendt automatisk. Svar ikke på den.)';

const templates: Record<string, Template> = {
  // Subsidies: kind and amount only; the description and justification stay behind the link.
  'subsidy-request': (p, link) => ({
    subject: `${p.again ? 'Nye oplysninger: ' : ''}Anmodning om tilskud til ${s(p.kind)}, sag ${s(p.injuryCaseRef)}`,
    text:
      `Kære forsikringsselskab\n\n` +
      (p.again
        ? `Fastholdelsescentret har sendt de oplysninger, I bad om, og beder jer igen tage stilling til `
        : `Fastholdelsescentret beder jer tage stilling til `) +
      `et tilskud til ${s(p.kind)} på ${s(p.amount)} i arbejdsskadesag ${s(p.injuryCaseRef)}.\n` +
      `Begrundelse og forventet effekt kan ses, og anmodningen besvares (godkend, afvis eller bed om flere oplysninger), her:\n` +
      `${link(`/#/cases/${s(p.caseId)}`)}\nAnmodningens nummer: ${s(p.subsidyId)}` +
      footer,
  }),
  'subsidy-insurer-reminder': (p, link) => ({
    subject: `Rykker: anmodning om tilskud til ${s(p.kind)}, sag ${s(p.injuryCaseRef)}`,
    text:
      `Kære forsikringsselskab\n\nVi har endnu ikke modtaget jeres svar på anmodningen af ${s(p.askedOn)} om tilskud til ` +
      `${s(p.kind)} på ${s(p.amount)} i arbejdsskadesag ${s(p.injuryCaseRef)}.\nBesvar anmodningen her: ${link(`/#/cases/${s(p.caseId)}`)}\n` +
      `Anmodningens nummer: ${s(p.subsidyId)}` +
      footer,
  }),
  'subsidy-escalation': (p, link) => ({
    subject: `Eskalering: forsikringsselskabet svarer ikke (tilskud til ${s(p.kind)}, sag ${s(p.injuryCaseRef)})`,
    text:
      `Hej\n\n${s(p.insurerName)} har ikke svaret på anmodningen af ${s(p.askedOn)} om tilskud til ${s(p.kind)} på ${s(p.amount)}, ` +
      `heller ikke efter en rykker. Kontakt forsikringsselskabet.\nSe sagen: ${link(`/#/cases/${s(p.caseId)}`)}` +
      footer,
  }),
  'subsidy-withdrawn': (p, link) => ({
    subject: `Anmodning om tilskud til ${s(p.kind)} er trukket tilbage, sag ${s(p.injuryCaseRef)}`,
    text:
      `Kære forsikringsselskab\n\nFastholdelsescentret har trukket anmodningen om tilskud til ${s(p.kind)} på ${s(p.amount)} ` +
      `i arbejdsskadesag ${s(p.injuryCaseRef)} tilbage. ` +
      (p.wasApproved ? `I havde godkendt tilskuddet; det skal ikke længere udbetales.\n` : `I skal ikke længere tage stilling til den.\n`) +
      `Begrundelsen kan ses her: ${link(`/#/cases/${s(p.caseId)}`)}\nAnmodningens nummer: ${s(p.subsidyId)}` +
      footer,
  }),
  'subsidy-answered': (p, link) => ({
    subject: `Forsikringsselskabet har ${s(p.decision)} tilskud til ${s(p.kind)}, sag ${s(p.injuryCaseRef)}`,
    text:
      `Hej\n\nForsikringsselskabet har ${s(p.decision)} tilskuddet til ${s(p.kind)} (ansøgt ${s(p.amount)})` +
      (p.approvedAmount ? `; bevilget beløb: ${s(p.approvedAmount)}` : '') +
      `.\nSe svaret og næste skridt: ${link(`/#/cases/${s(p.caseId)}`)}` +
      footer,
  }),
  'case-accepted-insurer': (p, link) => ({
    subject: `Fastholdelsescentret har taget sag ${s(p.injuryCaseRef)}`,
    text:
      // The payer: the employer's insurer, or the AES for an occupational disease (domain/case/payer.ts).
      `Kære ${p.payerName ? s(p.payerName) : 'forsikringsselskab'}\n\nFastholdelsescentret har taget arbejdsskadesag ${s(p.injuryCaseRef)} ` +
      `(kommune ${s(p.municipalityCode)}) i et fastholdelsesforløb.\n` +
      `I kan følge sagen her: ${link(`/#/cases/${s(p.caseId)}`)}` +
      footer,
  }),
  'task-reminder': (p, link) => ({
    subject: `Påmindelse: ${s(p.title)} (frist ${s(p.dueOn)})`,
    text: `Hej\n\nOpgaven "${s(p.title)}" har frist ${s(p.dueOn)} og er ikke løst endnu.\nSe opgaven: ${link(`/#/cases/${s(p.caseId)}`)}` + footer,
  }),
  'task-escalation': (p, link) => ({
    subject: `Eskalering: opgave over fristen (${s(p.title)})`,
    text:
      `Hej\n\nOpgaven "${s(p.title)}" (ansvarlig: ${s(p.owner)}) havde frist ${s(p.dueOn)} og er stadig ikke løst.\n` +
      `Se sagen: ${link(`/#/cases/${s(p.caseId)}`)}` +
      footer,
  }),
  // The job centre's fast track: the employer who asked is told the deadline (and, if left out, that the
  // job centre will call about the three questions); nothing about the employee's health or answer.
  'fast-track-received-employer': (p, link) => ({
    subject: `Jobcentret har modtaget jeres anmodning om fast track (${s(p.citizenName)})`,
    text:
      `Kære ${s(p.employerName)}\n\nJobcentret har modtaget jeres anmodning af ${s(p.requestedOn)} om tidlig opfølgning (fast track) ` +
      `for ${s(p.citizenName)}. Jobcentret holder den første opfølgningssamtale med medarbejderen senest ${s(p.firstConversationDueOn)}.` +
      (p.answersMissing
        ? '\n\nAnmodningen besvarede ikke de tre spørgsmål (hvilke arbejdsfunktioner sygdommen påvirker, hvor længe, og om arbejdet er tilpasset). ' +
          'Jobcentret ringer til jer for at få svarene.'
        : '') +
      `\nSe sagen (hvis medarbejderen har givet samtykke til jeres deltagelse): ${link(`/#/cases/${s(p.caseId)}`)}` +
      footer.replace('Fastholdelsescentret', 'Jobcentret'),
  }),
  'sick-pay-limit-reminder': (p, link) => ({
    // A job centre retention case has no injury reference: its own citizen reference names it.
    subject: `Varighedsbegrænsning om ${timeLeft(p)}: sag ${s(p.injuryCaseRef ?? p.citizenRef)}`,
    text:
      `Hej ${s(p.name)}\n\nSygedagpengene i sag ${s(p.injuryCaseRef ?? p.citizenRef)} når varighedsbegrænsningen ${s(p.limitDate)} ` +
      `(om ${timeLeft(p)}). Planlæg afklaring nu (arbejdsprøvning, omskoling, fleksjob), ` +
      `så grænsen ikke passeres uden en plan.\nSe sagen: ${link(`/#/cases/${s(p.caseId)}`)}` +
      footer,
  }),
  // Legal track: check-ins on the medical status and insurer consultations; no health details.
  'medical-check-in': (p, link) => ({
    subject: `Opfølgning: er skaden blevet stationær? (sag ${s(p.injuryCaseRef)})`,
    text:
      `Hej ${s(p.name)}\n\nSkaden i sag ${s(p.injuryCaseRef)} er endnu ikke registreret som stationær` +
      `${p.lastAssessedOn ? ` (seneste vurdering ${s(p.lastAssessedOn)})` : ''}. ` +
      `Indhent en opdatering og registrér den helbredsmæssige status på sagen.\nSe sagen: ${link(`/#/cases/${s(p.caseId)}`)}` +
      footer,
  }),
  // Decision notices (domain/legal/decisionNotices.ts): kind, date, the appeal deadline and the sick-pay
  // consequence; never percentages, justification or anything about the injury.
  'decision-caseworker': (p, link) => ({
    subject: `Afgørelse i sag ${s(p.injuryCaseRef)}: ${p.endsExtension ? 'betydning for sygedagpengene' : s(p.kindDa)}`,
    text:
      `Hej ${s(p.name)}\n\n` +
      (p.kindDa ? `Fastholdelsescentret har ${s(p.decidedOn)} truffet en afgørelse (${s(p.kindDa).toLowerCase()}) i sag ${s(p.injuryCaseRef)}.\n\n` : `Fastholdelsescentret har ${s(p.decidedOn)} truffet en afgørelse i sag ${s(p.injuryCaseRef)}.\n\n`) +
      (p.endsExtension
        ? (p.extensionWasActive
            ? `Det betyder for sygedagpengene: forlængelsen efter ${s(p.rule)} ophører fra ${s(p.decidedOn)}.\n`
            : `Det betyder for sygedagpengene: grundlaget for forlængelse efter ${s(p.rule)} er bortfaldet fra ${s(p.decidedOn)}; ` +
              `sygedagpengene kan ikke forlænges på dette grundlag efter varighedsbegrænsningen ${s(p.limitDate)}.\n`) +
          `Næste forsørgelsesgrundlag: ${p.nextIncomeBasis ? s(p.nextIncomeBasis) : 'ikke oplyst; afklar det med borgeren'}.\n`
        : `Afgørelsen ændrer ikke grundlaget for sygedagpengene.\n`) +
      (p.showLink ? `Se sagen: ${link(`/#/cases/${s(p.caseId)}`)}` : '') +
      footer,
  }),
  'decision-party': (p, link) => ({
    subject: `Afgørelse i sag ${s(p.injuryCaseRef)}: klagefrist ${s(p.appealBy)}`,
    text:
      `Kære ${s(p.name)}\n\nArbejdsskademyndighedens Fastholdelsescenter har ${s(p.decidedOn)} truffet en afgørelse ` +
      `(${s(p.kindDa).toLowerCase()}, nr. ${s(p.decisionId)}) i arbejdsskadesag ${s(p.injuryCaseRef)}.\n` +
      `Afgørelsen og begrundelsen kan læses her: ${link(s(p.path))}\n\n` +
      `Er du uenig, kan afgørelsen påklages senest ${s(p.appealBy)} (${s(p.appealWeeks)} uger efter afgørelsen).` +
      footer,
  }),
  // The citizen's own link to their case (api/routes/citizen.ts): personal, so it says so.
  'citizen-access': (p, link) => ({
    subject: `Følg din sag ${s(p.injuryCaseRef)} hos Fastholdelsescentret`,
    text:
      `Kære ${s(p.name)}\n\nDu kan nu selv følge din sag: planen, de næste skridt, hvem der har lovet hvad og hvornår, ` +
      `møder, afgørelser med klagefrist og status på tilskud.\n\nÅbn din sag her: ${link(`/citizen.html#token=${encodeURIComponent(s(p.token))}`)}\n\n` +
      `Linket er personligt: del det ikke med andre. Hvis du mister det, kan din konsulent lukke det og sende et nyt.` +
      footer,
  }),
  'insurer-consultation': (p, link) => ({
    subject: `Høring før midlertidig afgørelse: sag ${s(p.injuryCaseRef)}`,
    text:
      `Kære forsikringsselskab\n\nFastholdelsescentret beder om jeres bemærkninger, før der træffes en midlertidig ` +
      `afgørelse i sag ${s(p.injuryCaseRef)} (høring ${s(p.consultationId)}). Spørgsmålet og svarfeltet finder I på sagen: ` +
      `${link(`/#/cases/${s(p.caseId)}`)}` +
      footer,
  }),
  'insurer-consultation-answered': (p, link) => ({
    subject: `Svar på høring ${s(p.consultationId)}: sag ${s(p.injuryCaseRef)}`,
    text: `Hej\n\n${s(p.insurerName)} har svaret på høringen ${s(p.consultationId)}.\nSe svaret: ${link(`/#/cases/${s(p.caseId)}`)}` + footer,
  }),
  generic: (p, link) => ({
    subject: s(p.subject),
    text: `${s(p.body)}${p.caseId ? `\nSe sagen: ${link(`/#/cases/${s(p.caseId)}`)}` : ''}${footer}`,
  }),
  invitation: (p, link) => ({
    subject: `Indkaldelse til rundbordssamtale ${s(p.when)}`,
    text:
      `Kære ${s(p.name)}\n\nDu er inviteret til en rundbordssamtale ${s(p.when)}, ${s(p.location)}.\n\n` +
      `Formål: ${s(p.purpose)}\n\nDagsorden:\n${list(p.agenda)
        .map((a, i) => `${i + 1}. ${a}`)
        .join('\n')}\n\nMødet skal afklare mulighederne; intet er besluttet på forhånd.` +
      (p.caseId && p.showLink ? `\nSe sagen: ${link(`/#/cases/${s(p.caseId)}`)}` : '') +
      footer,
  }),
  // Roundtable messages (domain/roundtables.ts): meeting facts only, safe for employers too.
  'roundtable-rescheduled': (p, link) => ({
    subject: `Rundbordssamtalen er flyttet til ${s(p.when)}`,
    text:
      `Kære ${s(p.name)}\n\nRundbordssamtalen ${s(p.previous)} er flyttet til ${s(p.when)}, ${s(p.location)}.` +
      (s(p.note) ? `\n\n${s(p.note)}` : '') +
      `\n\nFormål: ${s(p.purpose)}\n\nDagsorden:\n${numbered(p.agenda)}` +
      (p.caseId && p.showLink ? `\nSe sagen: ${link(`/#/cases/${s(p.caseId)}`)}` : '') +
      footer,
  }),
  'roundtable-cancelled': (p) => ({
    subject: `Rundbordssamtalen ${s(p.when)} er aflyst`,
    text: `Kære ${s(p.name)}\n\nRundbordssamtalen ${s(p.when)}, ${s(p.location)}, er aflyst.\n\nBegrundelse: ${s(p.reason)}` + footer,
  }),
  'roundtable-reminder': (p) => ({
    subject: `Påmindelse: rundbordssamtale ${s(p.when)}`,
    text:
      `Kære ${s(p.name)}\n\nHusk rundbordssamtalen ${s(p.when)}, ${s(p.location)}.\n\n` +
      `Formål: ${s(p.purpose)}\n\nDagsorden:\n${numbered(p.agenda)}` +
      footer,
  }),
  'roundtable-minutes': (p, link) => ({
    subject: `Referat af rundbordssamtalen ${s(p.heldOn)}`,
    text:
      `Kære ${s(p.name)}\n\nHer er referatet af rundbordssamtalen ${s(p.heldOn)}.\n\nFormål: ${s(p.purpose)}\n\n${s(p.minutes)}` +
      (list(p.actions).length > 0 ? `\n\nAftalte handlinger:\n${list(p.actions).map((a) => `- ${a}`).join('\n')}` : '') +
      (p.caseId && p.showLink ? `\nSe sagen: ${link(`/#/cases/${s(p.caseId)}`)}` : '') +
      footer,
  }),
  // Supervision: the daily digest of newly stuck cases; case refs and reason labels only.
  'supervisor-digest': (p, link) => {
    const items = Array.isArray(p.items) ? (p.items as Array<Record<string, unknown>>) : [];
    const lines = items.map((i) => {
      const reasons = (Array.isArray(i.reasons) ? (i.reasons as Array<Record<string, unknown>>) : [])
        .map((r) => `${STUCK_LABELS[r.code as StuckCode] ?? s(r.code)} (siden ${s(r.since)})`)
        .join('; ');
      return `- Sag ${s(i.injuryCaseRef ?? i.caseId)} (kommune ${s(i.municipalityCode)}): ${reasons}\n  ${link(`/#/cases/${s(i.caseId)}`)}`;
    });
    const more = Number(p.total ?? items.length) - items.length;
    return {
      subject: `Nye fastlåste sager ${s(p.date)}: ${s(p.total ?? items.length)}`,
      text:
        `Hej ${s(p.name)}\n\nDisse sager er blevet fastlåst siden sidste oversigt:\n\n${lines.join('\n')}` +
        (more > 0 ? `\n\n… og ${more} flere.` : '') +
        `\n\nAlle fastlåste sager: ${link('/#/stuck')}` +
        footer,
    };
  },
};

/** Names of the templates, for validation and tests. */
export const TEMPLATE_NAMES = Object.keys(templates);

/** Renders a template with links under `publicUrl`; unknown templates are a programming error. */
export function renderEmail(template: string, params: Params, publicUrl: string): RenderedEmail {
  const t = templates[template];
  if (!t) throw new Error(`unknown email template ${template}`);
  const base = publicUrl.replace(/\/+$/, '');
  return t(params, (path) => `${base}${path}`);
}
