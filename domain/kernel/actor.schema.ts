// Who is calling: the actor a bearer token names, shared by the API, the access policy and the timeline
// (zod schemas; workflows import only its types, and the engine's own actor from systemActor.ts).
import { z } from 'zod';

/** Roles an actor can have (API.md "Auth"). */
export const roleSchema = z.enum(['consultant', 'caseworker', 'supervisor', 'insurer', 'union', 'employer', 'citizen']);
export type Role = z.infer<typeof roleSchema>;

/** The actor behind a token; organisation is a municipality code, insurer id, union id, CVR number, or for a citizen the one case id the token is for. */
export const actorSchema = z.object({
  actorId: z.string().min(1),
  role: roleSchema,
  organisation: z.string().min(1),
  name: z.string().min(1),
  email: z.email(),
});
export type Actor = z.infer<typeof actorSchema>;

/** The part of an actor recorded on the timeline: no email, so events carry no contact data. */
export const actorRefSchema = actorSchema.pick({ actorId: true, role: true, name: true });
export type ActorRef = z.infer<typeof actorRefSchema>;
