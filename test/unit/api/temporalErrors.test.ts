// How Temporal's answers to a command become HTTP problems: domain rejections keep their status, an
// update no worker took up and an overloaded workflow are 503 to retry with the same key.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { problemFromTemporal } from '../../../api/temporalErrors';
import { HttpProblem } from '../../../api/problems';

const mapped = (err: unknown): HttpProblem => {
  try {
    problemFromTemporal(err);
  } catch (p) {
    return p as HttpProblem;
  }
  throw new Error('problemFromTemporal returned');
};

test('a domain rejection keeps the status and code it carries', () => {
  const cause = ApplicationFailure.create({ type: 'rule-collision', message: 'ends the extension', nonRetryable: true, details: [{ status: 409, limitDate: '2027-01-31' }] });
  const p = mapped(new WorkflowUpdateFailedError('Workflow Update failed', cause));
  expect([p.status, p.code]).toEqual([409, 'rule-collision']);
});

test('an update Temporal reports as not processed by any worker is 503 with Retry-After, not a refusal', () => {
  const cause = ApplicationFailure.create({ type: 'UnprocessedUpdate', message: "Workflow Update is rejected because it wasn't processed by worker." });
  const p = mapped(new WorkflowUpdateFailedError('Workflow Update failed', cause));
  expect(p.status).toBe(503);
  expect(p.code).toBe('unavailable');
});

test('anything else is rethrown unchanged', () => {
  const err = new Error('socket hang up');
  expect(mapped(err)).toBe(err);
});
