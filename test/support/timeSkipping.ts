// Workflow-test harness on the time-skipping test server: one environment and one worker per test
// file, with the pre-bundled workflows and the real activities (real PostgreSQL and SMTP catcher),
// any of which a test may replace for its duration to inject faults, and the outbox dispatcher that
// sends the emails (in real time) and tells cases of bounces. The worker keeps polling until
// teardown: a workflow an earlier test left running must still be served, or its next timer would
// hold back the shared clock and a later `env.sleep` would wait in real time.
import { Connection, type Client } from '@temporalio/client';
import { InternalConnectionOptionsSymbol, type InternalConnectionOptions } from '@temporalio/client/lib/connection';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { TimeSkippingClient } from '@temporalio/testing/lib/client';
import { msToTs, tsToMs, type Duration } from '@temporalio/common/lib/time';
import { Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import type { Transporter } from 'nodemailer';
import { createActivities, type CaseActivities } from '../../activities';
import { createMailer, createPool } from '../../infra/connections';
import { dataConverter } from '../../infra/dataConverter';
import { workflowBundle } from './bundle';
import { ensureCaseSearchAttributes } from '../../worker/schedules';
import { quietTemporalLogs, stackEnv } from './service';
import { startEmailDispatch } from '../../worker/emailDispatch';
import type { EmailDispatcher } from '../../activities/emailDispatcher';

/** The parts of the time-skipping environment tests use, on the kit's own connection. */
export interface TimeSkippingEnv {
  client: Client;
  /** Skips server time forward (while workflows run on it). */
  sleep(duration: Duration): Promise<void>;
  currentTimeMs(): Promise<number>;
}

/** A time-skipping environment plus the real dependencies of the activities. */
export interface WorkflowTestKit {
  env: TimeSkippingEnv;
  pool: Pool;
  mailer: Transporter;
  /** Real activities, for tests to wrap. */
  activities: CaseActivities;
  /** The outbox dispatcher sending the emails the workflows queue. */
  outbox: EmailDispatcher;
  /** Runs `fn` with the file's task queue, using `activities` instead of the real ones meanwhile. */
  withWorker<T>(fn: (taskQueue: string) => Promise<T>, activities?: Partial<CaseActivities>): Promise<T>;
  teardown(): Promise<void>;
}

/** Starts the time-skipping server from the binary `npm test` provisioned. */
export async function createWorkflowTestKit(): Promise<WorkflowTestKit> {
  quietTemporalLogs();
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!path) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set: run workflow tests through `npm test`');
  const server = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  // The SDK's own connection pings every 30 s even when idle; the Java test server answers a few of
  // those with GOAWAY "too many pings", which drops a long `sleep` call and stalls the test. This
  // connection pings only every 10 minutes, and only during calls, as that server permits.
  const options: InternalConnectionOptions = {
    address: server.address,
    channelArgs: { 'grpc.keepalive_time_ms': 600_000, 'grpc.keepalive_permit_without_calls': 0 },
    [InternalConnectionOptionsSymbol]: { supportsTestService: true },
  };
  const connection = await Connection.connect(options);
  const testService = connection.testService;
  if (!testService) throw new Error('the time-skipping connection has no test service');
  await server.connection.close();
  const env: TimeSkippingEnv = {
    // Time-skipping aware: awaiting a workflow result skips time, as with the SDK's environment.
    client: new TimeSkippingClient({ connection, namespace: 'default', dataConverter: dataConverter() }), // encrypted payloads, as in production
    sleep: async (duration) => {
      await testService.unlockTimeSkippingWithSleep({ duration: msToTs(duration) });
    },
    currentTimeMs: async () => tsToMs((await testService.getCurrentTime({})).time),
  };
  // The test server rejects unregistered search attributes, which the case workflow upserts.
  await ensureCaseSearchAttributes(connection, 'default');
  const { databaseUrl, smtpUrl } = stackEnv();
  const pool = createPool(databaseUrl, 5);
  const mailer = createMailer(smtpUrl);
  // Short waits: tests should not sit out production backoffs (a test's own dispatcher may set others).
  const outbox = startEmailDispatch({
    databaseUrl,
    mailer,
    mailFrom: 'test@fastholdelse.local',
    client: env.client,
    overrides: { pollMs: 250, retryBaseMs: 500, retryMaxMs: 5_000 },
  });
  const activities = createActivities({ pool, mailer, mailFrom: 'test@fastholdelse.local', publicUrl: 'http://localhost:3000', outbox: outbox.dispatcher });
  let overrides: Partial<CaseActivities> = {};
  // Each activity looks up the test's replacement at call time, so one worker serves every test.
  const routed = Object.fromEntries(
    Object.entries(activities).map(([name, real]) => [
      name,
      (...args: unknown[]) => ((overrides as Record<string, (...a: unknown[]) => unknown>)[name] ?? real)(...args),
    ]),
  ) as CaseActivities;
  const taskQueue = `wf-${process.pid}-${Date.now()}`;
  const worker = await Worker.create({
    connection: server.nativeConnection,
    taskQueue,
    workflowBundle: workflowBundle(),
    dataConverter: dataConverter(),
    activities: routed,
    // A sticky cache, as in production: a local projection keeps its workflow task open while it runs, and
    // a run evicted meanwhile (a cache of 0 evicts after every activation) loses it and waits out the
    // task's timeout. (Without a cache, a case that continued as new once stalled the test server's clock
    // when several files ran in one process; jest now runs each file on its own.)
    maxCachedWorkflows: 100,
  });
  const running = worker.run();
  return {
    env,
    pool,
    mailer,
    activities,
    outbox: outbox.dispatcher,
    async withWorker(fn, replacements = {}) {
      overrides = replacements;
      try {
        return await fn(taskQueue);
      } finally {
        overrides = {};
      }
    },
    async teardown() {
      worker.shutdown();
      await running.catch(() => undefined);
      await outbox.stop();
      await connection.close();
      await server.teardown().catch(() => undefined);
      mailer.close();
      await pool.end();
    },
  };
}
