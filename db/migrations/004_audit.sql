-- Audit log: one row per read or write of case data, including refused attempts. Append-only:
-- a trigger refuses UPDATE, DELETE and TRUNCATE for everyone (the embedded PostgreSQL connects as a
-- superuser, whom grants do not bind), and the application role `retention_app` is granted
-- SELECT and INSERT only (see docs/api.md "Audit log").

CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  request_id   text NOT NULL,
  actor_id     text,
  role         text,
  organisation text,
  action       text NOT NULL,
  method       text NOT NULL,
  path         text NOT NULL,
  case_id      text,
  outcome      text NOT NULL CHECK (outcome IN ('ok','denied','not-found','invalid','rejected','error','aborted')),
  status       integer NOT NULL
);
CREATE INDEX audit_log_case ON audit_log (case_id, at) WHERE case_id IS NOT NULL;
CREATE INDEX audit_log_actor ON audit_log (actor_id, at) WHERE actor_id IS NOT NULL;

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Nobody but the owner gets more than reading and appending.
REVOKE ALL ON audit_log FROM PUBLIC;

-- The role the service should run as in production. Created here when the migrating user may
-- create roles (a DBA can create it beforehand instead); it may read and append, never change.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'retention_app') THEN
    BEGIN
      CREATE ROLE retention_app NOLOGIN;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'retention_app not created (no CREATEROLE): create it and re-grant as in 004_audit.sql';
    END;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'retention_app') THEN
    REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM retention_app;
    GRANT SELECT, INSERT ON audit_log TO retention_app;
    GRANT USAGE ON SEQUENCE audit_log_id_seq TO retention_app;
  END IF;
END;
$$;
