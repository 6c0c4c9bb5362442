// Zod schemas of the decision and appeal bodies, for the API; the guards and commands are in
// decisions.ts, which the workflow bundle loads without zod.
import { z } from 'zod';
import type { Policy } from '../kernel/policy';
import { localDateSchema } from '../calendar/localDate.schema';
import { appealPartySchema, decisionKindSchema, nextIncomeBasisSchema } from './legal.schema';
import { decisionFieldErrors } from './decisions';

const pctSchema = z
  .number({ error: 'must be a number between 0 and 100' })
  .min(0, 'must be between 0 and 100')
  .max(100, 'must be between 0 and 100');

/** Body of `POST …/decisions`; the justification minimum comes from the policy in force. */
export const decisionInputSchema = (policy: Policy) =>
  z
    .object({
      kind: decisionKindSchema,
      earningCapacityLossPct: pctSchema.nullish(),
      permanentInjuryPct: pctSchema.nullish(),
      justification: z.string({ error: 'required: say why, in words the parties can appeal against' }).trim().max(20_000),
      acknowledgeRuleCollision: z.boolean({ error: 'must be true or false' }).optional(),
      nextIncomeBasis: nextIncomeBasisSchema.nullish(),
      revisionDueOn: localDateSchema.nullish(),
      revisesDecisionId: z.string().trim().min(1).max(100).nullish(),
    })
    .superRefine((d, ctx) => {
      for (const e of decisionFieldErrors(d, policy)) ctx.addIssue({ code: 'custom', path: [e.path], message: e.message });
    });

/** Body of `POST …/appeals`. */
export const appealInputSchema = z.object({
  decisionId: z.string().trim().min(1, 'must name the decision appealed').max(100),
  filedOn: localDateSchema,
  by: appealPartySchema,
  note: z.string().trim().max(4000).optional(),
});
