// Danish email texts. Each template gets only what its recipient may see and a link to the case;
// no diagnosis, no injury description, no medical details ever go into an email.
/** A rendered email. */
export interface RenderedEmail {
  subject: string;
  text: string;
}

type Params = Record<string, unknown>;
type Template = (p: Params, link: (path: string) => string) => RenderedEmail;

const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(s) : []);
const footer = '\n\nVenlig hilsen\nFastholdelsescentret\n\n(Denne e-mail er sendt automatisk. Svar ikke på den.)';

const templates: Record<string, Template> = {
  'case-accepted-insurer': (p, link) => ({
    subject: `Fastholdelsescentret har taget sag ${s(p.injuryCaseRef)}`,
    text:
      `Kære forsikringsselskab\n\nFastholdelsescentret har taget arbejdsskadesag ${s(p.injuryCaseRef)} ` +
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
  'sick-pay-limit-reminder': (p, link) => ({
    subject: `Varighedsbegrænsning om ${s(p.weeksLeft)} uger: sag ${s(p.injuryCaseRef)}`,
    text:
      `Hej ${s(p.name)}\n\nSygedagpengene i sag ${s(p.injuryCaseRef)} når varighedsbegrænsningen ${s(p.limitDate)} ` +
      `(om ${s(p.weeksLeft)} uger). Planlæg afklaring nu (arbejdsprøvning, omskoling, fleksjob), ` +
      `så grænsen ikke passeres uden en plan.\nSe sagen: ${link(`/#/cases/${s(p.caseId)}`)}` +
      footer,
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
