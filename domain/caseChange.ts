// One change to a case: collects the timeline events and emails a command or a timer produces,
// numbering events as it goes. The workflow applies it; the domain stays free of I/O.
import type { ActorRef } from './actor';
import type { CaseEvent, CaseState, EmailIntent, Track } from './caseState';
import type { Policy } from './policy';
import { formatInstant } from './copenhagenTime';
import { localDateInCopenhagen } from './copenhagenTime';
import type { LocalDate } from './localDate';

/** What every domain command needs to know about "now" and "who". */
export interface ChangeContext {
  now: number;
  actor: ActorRef;
  policy: Policy;
}

/** Accumulates the effects of one change; `state` is mutated in place by the domain function using it. */
export class CaseChange {
  readonly events: CaseEvent[] = [];
  readonly emails: EmailIntent[] = [];

  constructor(
    readonly state: CaseState,
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

  /** Appends a timeline event with the next sequence number. */
  record(type: string, track: Track, summary: string): CaseEvent {
    this.state.seq += 1;
    const event: CaseEvent = { seq: this.state.seq, at: this.at, type, actor: this.ctx.actor.name, track, summary };
    this.events.push(event);
    this.state.updatedAt = event.at;
    if (this.ctx.actor.actorId !== 'system') this.state.lastActivityAt = event.at;
    return event;
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
