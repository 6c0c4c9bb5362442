// The commands a case workflow accepts: each Update definition mapped to the domain function that
// carries it out. Features add their lines here; the workflow registers them all the same way.
import type { UpdateDefinition } from '@temporalio/common';
import type { CaseChange } from '../domain/caseChange';
import { updateScreening } from '../domain/caseOpening';
import { updateScreeningUpdate, type CommandInput, type CommandResult } from './messages';

/** One command: its Update and the domain function run on a copy of the state. */
export interface CaseCommand<I extends CommandInput = any, R extends object = any> {
  def: UpdateDefinition<R & CommandResult, [I]>;
  run(change: CaseChange, input: I): R;
}

/** Pairs an update with its domain function, keeping the input type checked. */
export const caseCommand = <I extends CommandInput, R extends object>(
  def: UpdateDefinition<R & CommandResult, [I]>,
  run: (change: CaseChange, input: I) => R,
): CaseCommand<I, R> => ({ def, run });

// `any` above: the list holds commands of different input types; each entry is checked by caseCommand.
/** Every command of the case workflow. */
export const CASE_COMMANDS: CaseCommand[] = [
  caseCommand(updateScreeningUpdate, (change, { actor: _actor, ...answers }) => {
    updateScreening(change, answers);
    return {};
  }),
];
