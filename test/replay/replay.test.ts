// Replay tests: the current workflow code must replay every recorded history without a
// non-determinism error, so deploying it cannot break cases already running (DESIGN.md).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { dataConverter } from '../../infra/dataConverter';
import { workflowBundle } from '../support/bundle';
import { quietTemporalLogs } from '../support/service';
import { REPLAY_PAYLOAD_KEYS } from './replayKeys';

const DIR = path.join(__dirname, 'histories');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

beforeAll(() => quietTemporalLogs());

test('there are recorded histories of every workflow type', () => {
  const types = new Set(
    files.map((f) => {
      const history = JSON.parse(readFileSync(path.join(DIR, f), 'utf8'));
      return history.events[0].workflowExecutionStartedEventAttributes.workflowType.name as string;
    }),
  );
  expect([...types].sort()).toEqual(['retentionCaseWorkflow', 'subsidyWorkflow']);
});

test.each(files)('%s replays on the current workflow code', async (file) => {
  const history = JSON.parse(readFileSync(path.join(DIR, file), 'utf8'));
  await expect(
    Worker.runReplayHistory(
      { workflowBundle: workflowBundle(), dataConverter: dataConverter({ ...process.env, PAYLOAD_KEYS: REPLAY_PAYLOAD_KEYS }) },
      history,
      file,
    ),
  ).resolves.toBeUndefined();
});
