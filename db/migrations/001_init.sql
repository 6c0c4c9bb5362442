-- Read model, actors (token hashes) and email outbox of the retention-case service.

CREATE TABLE actors (
  token_hash   text PRIMARY KEY,
  actor_id     text NOT NULL,
  role         text NOT NULL CHECK (role IN ('consultant','caseworker','supervisor','insurer','union','employer')),
  organisation text NOT NULL,
  name         text NOT NULL,
  email        text NOT NULL,
  demo         boolean NOT NULL DEFAULT false,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX actors_role ON actors (role) WHERE revoked_at IS NULL;

-- One row per case: the columns lists and access filter on, plus the full snapshot.
CREATE TABLE cases (
  case_id            text PRIMARY KEY,
  injury_case_ref    text NOT NULL UNIQUE,
  status             text NOT NULL,
  municipality_code  text NOT NULL,
  insurer_id         text NOT NULL,
  employer_cvr       text,
  union_id           text,
  union_poa          text NOT NULL DEFAULT 'none',
  consent            boolean NOT NULL,
  first_sick_day     date NOT NULL,
  limit_date         date,
  seq                integer NOT NULL,
  snapshot           jsonb NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  last_activity_at   timestamptz NOT NULL
);
CREATE INDEX cases_municipality ON cases (municipality_code, created_at DESC, case_id);
CREATE INDEX cases_insurer ON cases (insurer_id, created_at DESC, case_id);
CREATE INDEX cases_employer ON cases (employer_cvr, created_at DESC, case_id) WHERE employer_cvr IS NOT NULL;
CREATE INDEX cases_union ON cases (union_id, created_at DESC, case_id) WHERE union_id IS NOT NULL;
CREATE INDEX cases_created ON cases (created_at DESC, case_id);
CREATE INDEX cases_status ON cases (status, created_at DESC, case_id);
CREATE INDEX cases_limit_open ON cases (limit_date) WHERE status IN ('screening','active');

-- The timeline: append-only, unique (case_id, seq) so a retried projection writes nothing twice.
CREATE TABLE case_events (
  case_id  text NOT NULL,
  seq      integer NOT NULL,
  at       timestamptz NOT NULL,
  type     text NOT NULL,
  actor    text NOT NULL,
  track    text NOT NULL CHECK (track IN ('case','legal','retention')),
  summary  text NOT NULL,
  PRIMARY KEY (case_id, seq)
);

CREATE TABLE tasks (
  task_id      text PRIMARY KEY,
  case_id      text NOT NULL,
  kind         text NOT NULL,
  title        text NOT NULL,
  owner_role   text NOT NULL,
  owner_name   text NOT NULL,
  owner_email  text NOT NULL,
  due_on       date NOT NULL,
  status       text NOT NULL,
  track        text NOT NULL,
  reminded_on  date,
  escalated_on date,
  ref          text,
  seq          integer NOT NULL,
  data         jsonb NOT NULL
);
CREATE INDEX tasks_case ON tasks (case_id);
CREATE INDEX tasks_owner_open ON tasks (owner_email, due_on) WHERE status = 'open';
CREATE INDEX tasks_open_due ON tasks (due_on) WHERE status = 'open';

-- Every email once: the key is unique per message; sent_at is set after the SMTP server accepted it.
CREATE TABLE email_outbox (
  key         text PRIMARY KEY,
  to_email    text NOT NULL,
  to_name     text NOT NULL,
  template    text NOT NULL,
  subject     text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz,
  attempts    integer NOT NULL DEFAULT 0
);
CREATE INDEX email_outbox_unsent ON email_outbox (created_at) WHERE sent_at IS NULL;
