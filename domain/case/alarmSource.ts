// The shape of a case feature's timers: each feature (tasks, roundtables, sick pay, medical check-ins,
// aftercare) exports an AlarmSource, and case.alarms.ts lists them.
import type { CaseChange } from './caseChange';
import type { CaseState } from './caseState.schema';
import type { Policy } from '../kernel/policy';
import type { Alarm as GenericAlarm } from '../kernel/alarms';

/** A case alarm: one thing to do at an instant on the case. */
export type Alarm = GenericAlarm<CaseChange>;

/** A feature's alarms for a state. */
export type AlarmSource = (state: CaseState, policy: Policy) => Alarm[];
