// The list of features whose timers the case workflow keeps: add a feature's alarm source here.
import type { AlarmSource } from './caseAlarms';
import { taskAlarms } from './taskAlarms';
import { roundtableAlarms } from './roundtableAlarms';
import { aftercareAlarms } from './closing';
import { sickPayAlarms } from './sickPayAlarms';
import { medicalCheckInAlarms } from './medical';

/** Every alarm source of a case, in no particular order (alarms are sorted by time). */
export const ALARM_SOURCES: AlarmSource[] = [taskAlarms, roundtableAlarms, aftercareAlarms, sickPayAlarms, medicalCheckInAlarms];
