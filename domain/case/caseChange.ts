// One change to a case: collects the timeline events and emails a command or a timer produces,
// numbering events as it goes. The workflow applies it; the domain stays free of I/O.
import type { CaseEvent, CaseState } from './caseState.schema';
import type { Track } from '../kernel/change.schema';
import { EntityChange } from '../kernel/change';

/** Accumulates the effects of one change to a case. */
export class CaseChange extends EntityChange<CaseState> {
  readonly events: CaseEvent[] = [];

  /** Appends a timeline event with the next sequence number. */
  record(type: string, track: Track, summary: string): CaseEvent {
    this.state.seq += 1;
    const event: CaseEvent = { seq: this.state.seq, at: this.at, type, actor: this.ctx.actor.name, track, summary };
    this.events.push(event);
    this.state.updatedAt = event.at;
    if (this.ctx.actor.actorId !== 'system') this.state.lastActivityAt = event.at;
    return event;
  }
}
