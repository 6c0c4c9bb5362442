// Actors as the timeline records them: the reference kept on events and the engine itself as an actor
// for timers; plain code apart from actor.schema.ts so workflows get it without loading zod.
import type { Actor, ActorRef } from './actor.schema';

/** The engine itself, for timeline events caused by timers. */
export const SYSTEM_ACTOR: ActorRef = { actorId: 'system', role: 'supervisor', name: 'Systemet' };

/** The timeline's reference to an actor (no email or organisation). */
export const actorRef = (a: Actor): ActorRef => ({ actorId: a.actorId, role: a.role, name: a.name });
