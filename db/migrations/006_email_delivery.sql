-- Email delivery by the outbox dispatcher: rows queued by the projections are claimed with a lease, sent,
-- then marked sent, rescheduled (temporary failure) or bounced (permanent, or temporary for too long).

ALTER TABLE email_outbox
  -- The case the email belongs to (NULL for supervisor digests); a bounce is told to this case.
  ADD COLUMN IF NOT EXISTS case_id text,
  -- Not before this instant (backoff after a temporary failure).
  ADD COLUMN IF NOT EXISTS next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- A dispatcher owns the row until then; a crashed dispatcher's claim expires and another takes over.
  ADD COLUMN IF NOT EXISTS claimed_until timestamptz,
  -- First temporary failure: the give-up limit (policy email.temporaryFailureLimitHours) counts from it.
  ADD COLUMN IF NOT EXISTS first_failed_at timestamptz,
  -- The relay's last answer (or the connection error), kept for people: the reason of a bounce.
  ADD COLUMN IF NOT EXISTS last_error text,
  -- Permanently undeliverable: never tried again.
  ADD COLUMN IF NOT EXISTS bounced_at timestamptz,
  -- When the case was told of the bounce (or found finished); until then the dispatcher keeps trying.
  ADD COLUMN IF NOT EXISTS bounce_notified_at timestamptz;

-- What the dispatcher claims: due, unsent, not bounced (rows already sent before this migration drop out).
DROP INDEX IF EXISTS email_outbox_unsent;
CREATE INDEX IF NOT EXISTS email_outbox_due ON email_outbox (next_attempt_at) WHERE sent_at IS NULL AND bounced_at IS NULL;
-- Bounces still to be told to their case.
CREATE INDEX IF NOT EXISTS email_outbox_bounce_unnotified ON email_outbox (bounced_at) WHERE bounced_at IS NOT NULL AND bounce_notified_at IS NULL;
-- The stuck list and the case view: a case's bounced emails.
CREATE INDEX IF NOT EXISTS email_outbox_bounced_case ON email_outbox (case_id) WHERE bounced_at IS NOT NULL;
