// Medical status (is the injury stationary yet?): the command that records an assessment; the
// check-in timer is medical.alarms.ts.
import type { z } from 'zod';
import { CaseChange } from '../case/caseChange';
import { DomainRejection } from '../kernel/change';
import { centreOwner } from '../case/caseOpening';
import { requirePhase } from '../case/casePhase';
import type { medicalStatusInputSchema } from './medical.schema';

/** Body of `POST …/medical-status`. */
export type MedicalStatusInput = z.infer<typeof medicalStatusInputSchema>;

/** Records a medical status; an assessment older than the one on record is refused, it would hide the newer one. */
export function recordMedicalStatus(change: CaseChange, input: MedicalStatusInput): void {
  const s = change.state;
  requirePhase(s, 'record-medical-status');
  if (input.assessedOn > change.today) {
    throw new DomainRejection(422, 'future-date', `assessedOn ${input.assessedOn} is in the future`, {
      errors: [{ path: 'assessedOn', message: `must not be after today (${change.today})` }],
    });
  }
  if (s.medical.assessedOn !== null && input.assessedOn < s.medical.assessedOn) {
    throw new DomainRejection(422, 'stale-assessment', `an assessment from ${s.medical.assessedOn} is already recorded; this one is older`, {
      errors: [{ path: 'assessedOn', message: `must not be before the recorded assessment (${s.medical.assessedOn})` }],
    });
  }
  const source = input.source ?? null;
  s.medical.stationary = input.stationary;
  s.medical.assessedOn = input.assessedOn;
  s.medical.source = source;
  s.medical.history.push({ stationary: input.stationary, assessedOn: input.assessedOn, source, recordedOn: change.today, recordedBy: change.ctx.actor.name });
  change.record(
    'medical-status-recorded',
    'legal',
    `Helbredsmæssig status registreret: skaden er ${input.stationary ? 'stationær' : 'endnu ikke stationær'} ` +
      `(vurderet ${input.assessedOn}${source ? `, kilde: ${source}` : ''}).`,
  );
}
