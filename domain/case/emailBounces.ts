// An email of the case that could not be delivered (the relay refused it for good, or it kept failing past
// the policy's limit): recorded once per outbox key with a task for the case's owner to fix the address.
import type { CaseChange } from './caseChange';
import type { UndeliverableEmail } from './caseState.schema';
import { centreOwner } from './caseOpening';
import { addBusinessDays } from '../calendar/businessDays';
import { createTask } from '../tasks/tasks';

/** What the outbox dispatcher tells the case (signal `emailBounced`, with the system as actor). */
export type EmailBouncedInput = UndeliverableEmail;

/** Statuses in which the case takes no new task: the bounced row stays in the outbox and the stuck list shows it. */
const FINISHED = ['closed', 'rejected'];

/**
 * Records an undeliverable email and gives the case's owner (the consultant, else the caseworker) a task to fix
 * the address. Once per outbox key: a repeated message changes nothing. Returns whether the case changed.
 */
export function recordEmailBounce(change: CaseChange, input: EmailBouncedInput): boolean {
  const s = change.state;
  if (FINISHED.includes(s.status)) return false;
  const known = s.undeliverableEmails ?? [];
  if (known.some((e) => e.key === input.key)) return false;
  s.undeliverableEmails = [...known, { key: input.key, template: input.template, to: input.to, reason: input.reason, bouncedAt: input.bouncedAt }];
  // The legal track: the relay's answer and the recipient are for the case's parties, never for an employer.
  change.record('email-bounced', 'legal', `E-mail til ${input.to.name} kunne ikke leveres.`);
  createTask(change, {
    kind: 'other',
    title: `Ret e-mailadressen for ${input.to.name} (${input.to.email}): beskeden kunne ikke leveres`,
    owner: centreOwner(s),
    dueOn: addBusinessDays(change.today, change.ctx.policy.email.bounceTaskBusinessDays, change.ctx.policy),
    ref: input.key,
    track: 'legal',
  });
  return true;
}
