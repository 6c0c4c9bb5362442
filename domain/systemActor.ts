// The engine itself as an actor, for timeline events caused by timers; a plain object apart from
// actor.ts so workflows get it without loading zod.
import type { ActorRef } from './actor';

/** The engine itself, for timeline events caused by timers. */
export const SYSTEM_ACTOR: ActorRef = { actorId: 'system', role: 'supervisor', name: 'Systemet' };
