-- Codec sessions: the Temporal UI's cookie for /codec carries one of these short-lived, codec-only
-- values (only its hash is stored), never an API token; sign-out revokes it, and it expires on its own.
CREATE TABLE codec_sessions (
  session_hash text PRIMARY KEY,
  token_id     text NOT NULL,
  actor_id     text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX codec_sessions_token ON codec_sessions (token_id) WHERE revoked_at IS NULL;

-- Audit of list answers: the ids of the cases a list disclosed (bounded, see api/audit.ts), found by
-- a case's trail like case_id; and how many refused-authentication rows were left out before this one.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS case_ids text[];
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS suppressed integer NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS audit_log_case_ids ON audit_log USING gin (case_ids) WHERE case_ids IS NOT NULL;
