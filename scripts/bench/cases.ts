// Case intakes for the benchmarks (unique references per run, eligible so each case becomes active
// and emails its insurer) and a direct workflow start that bypasses the API for bulk set-up.
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { caseIdFor } from '../../api/routes/cases';
import type { ActorRef } from '../../domain/kernel/actor.schema';
import { caseIntakeSchema, type CaseIntakeInput, type ResolvedIntake } from '../../domain/case/caseIntake.schema';
import { localDateInCopenhagen } from '../../domain/calendar/copenhagenTime';
import { addDays } from '../../domain/calendar/localDate';
import { caseWorkflowId } from '../../workflows/case/case.messages';
import type { retentionCaseWorkflow } from '../../workflows/case/caseWorkflow';

/** Insurer id every bench case names (the insurer token of the decision benchmark uses it). */
export const BENCH_INSURER = 'insurer-bench';

/** A valid `POST /api/cases` body; `run` and `i` make the reference unique. */
export function benchIntake(run: string, i: number, over: Partial<CaseIntakeInput> = {}): CaseIntakeInput {
  const tag = `${run}-${i}`;
  return {
    injuryCaseRef: `B-${tag}`,
    municipalityCode: '751',
    referral: { source: 'municipality' },
    citizen: { name: 'Bench Borger', email: `borger-${tag}@bench.local` },
    consentToShareWithMunicipality: true,
    caseworker: { name: 'Bench Sagsbehandler', email: `sb-${tag}@bench.local` },
    employer: { name: 'Bench ApS', cvr: '12345678', email: `hr-${tag}@bench.local`, stillEmployed: true },
    insurer: { id: BENCH_INSURER, name: 'Bench Forsikring', email: `skade-${tag}@bench.local` },
    union: null,
    injury: { kind: 'accident', date: '2026-01-10', recognised: true, permanentConsequences: true, canReturnToFormerWork: false },
    sickLeave: { firstSickDay: '2026-01-12' },
    riskScore: 50,
    ...over,
  };
}

/**
 * First sick day of a back-dated case whose 8-week limit reminder is already due (limit about six
 * weeks ahead: 21 excluded days + 52 weeks after the first sick day), so it is sent at once.
 */
export function backDatedFirstSickDay(now = Date.now()): string {
  return addDays(localDateInCopenhagen(now), 42 - 21 - 52 * 7);
}

const BENCH_ACTOR: ActorRef = { actorId: 'bench', role: 'consultant', name: 'Bench' };

/** The case id the API derives from the reference. */
export const benchCaseId = (body: CaseIntakeInput): string => caseIdFor(body.injuryCaseRef.toUpperCase());

/** Starts the case workflow the way `POST /api/cases` does, without waiting for the projection. */
export async function startCaseDirect(client: Client, taskQueue: string, body: CaseIntakeInput): Promise<string> {
  const parsed = caseIntakeSchema.parse(body);
  const intake: ResolvedIntake = {
    ...parsed,
    injuryCaseRef: parsed.injuryCaseRef.toUpperCase(),
    caseworker: parsed.caseworker!,
    consultant: null,
  };
  const caseId = caseIdFor(intake.injuryCaseRef);
  await client.workflow.start<typeof retentionCaseWorkflow>('retentionCaseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue,
    args: [{ caseId, opening: { intake, actor: BENCH_ACTOR } }],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
  });
  return caseId;
}
