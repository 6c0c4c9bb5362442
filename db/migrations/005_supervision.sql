-- Supervision: indexes the stuck/deadline/my-work queries use, what Temporal last said about each
-- case workflow, and the daily digests (so a retried digest reports the same cases).

-- no-activity: open cases being worked on, by last human activity (range scan up to the cutoff).
CREATE INDEX IF NOT EXISTS cases_worked_activity ON cases (last_activity_at) WHERE status IN ('screening','active');
-- task-overdue / minutes-overdue / revision-overdue use tasks_open_due (due_on) WHERE status = 'open' from 001;
-- limit-approaching-without-plan and /deadlines use cases_limit_open (limit_date) WHERE status IN ('screening','active').

-- "My cases" on the dashboard: the caseworker or consultant named on an open case.
CREATE INDEX IF NOT EXISTS cases_caseworker_email ON cases ((snapshot->'caseworker'->>'email'))
  WHERE status IN ('screening','active','aftercare');
CREATE INDEX IF NOT EXISTS cases_consultant_email ON cases ((snapshot->'consultant'->>'email'))
  WHERE status IN ('screening','active','aftercare');

-- The timeline page reads one case's events in order: the primary key (case_id, seq) serves it.

-- insurer-silent uses subsidies_waiting_for_insurer (asked_at) WHERE status = 'requested' from 003.

-- What the Temporal check found wrong with a case's workflow (failing workflow tasks, an activity
-- retrying beyond the policy, not running while the case is open). Rows are replaced by each check
-- and removed once Temporal shows the workflow healthy or the case is no longer open.
CREATE TABLE IF NOT EXISTS workflow_problems (
  case_id     text PRIMARY KEY,
  workflow_id text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('not-running','workflow-task-failing','activity-retrying')),
  since       timestamptz NOT NULL,
  detail      text NOT NULL,
  checked_at  timestamptz NOT NULL
);

-- One row per digest day: the full stuck set at that time (to tell "newly stuck" the next day) and
-- the new items reported. Written once; a retried digest reuses it and so mails the same content.
CREATE TABLE IF NOT EXISTS supervisor_digests (
  digest_date date PRIMARY KEY,
  stuck       jsonb NOT NULL,
  items       jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
