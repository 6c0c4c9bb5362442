-- Subsidy negotiations with the insurer: one row per subsidy, written by the subsidy
-- workflow's projection (seq-guarded); the insurer's list and stuck-case detection read it.
CREATE TABLE subsidies (
  subsidy_id          text PRIMARY KEY,
  case_id             text NOT NULL,
  insurer_id          text NOT NULL,
  status              text NOT NULL,
  kind                text NOT NULL,
  amount_dkk          integer NOT NULL,
  approved_amount_dkk integer,
  requested_at        timestamptz NOT NULL,
  asked_at            timestamptz NOT NULL, -- last time the insurer was asked
  answered_at         timestamptz,
  insurer_reminded_at timestamptz,
  escalated_at        timestamptz,
  paid_on             date,
  seq                 integer NOT NULL,
  data                jsonb NOT NULL
);
CREATE INDEX subsidies_insurer_status ON subsidies (insurer_id, status);
CREATE INDEX subsidies_case ON subsidies (case_id);
CREATE INDEX subsidies_waiting_for_insurer ON subsidies (asked_at) WHERE status IN ('requested');
