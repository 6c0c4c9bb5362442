// The base of one change to a long-lived entity (a case, a subsidy): the clock, actor and policy the
// change runs under and the emails it queues, plus the domain's refusal of a command.
import type { ActorRef } from './actor.schema';
import type { EmailIntent } from './change.schema';
import type { Policy } from './policy';
import { formatInstant, localDateInCopenhagen } from '../calendar/copenhagenTime';
import type { LocalDate } from '../calendar/localDate';

/** What every domain command needs to know about "now" and "who". */
export interface ChangeContext {
  now: number;
  actor: ActorRef;
  policy: Policy;
}

/** One change to an entity's state `S`; `state` is mutated in place by the domain function using it. */
export abstract class EntityChange<S> {
  readonly emails: EmailIntent[] = [];

  constructor(
    readonly state: S,
    readonly ctx: ChangeContext,
  ) {}

  /** Today's Copenhagen calendar date. */
  get today(): LocalDate {
    return localDateInCopenhagen(this.ctx.now);
  }

  /** ISO instant of now with the Copenhagen offset. */
  get at(): string {
    return formatInstant(this.ctx.now);
  }

  /** Queues an email; its key must be stable for the thing it announces. */
  email(intent: EmailIntent): void {
    this.emails.push(intent);
  }
}

/** A command the domain refuses, with the HTTP status the API should answer and extra problem fields. */
export class DomainRejection extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainRejection';
  }
}
