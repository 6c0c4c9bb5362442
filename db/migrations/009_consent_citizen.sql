-- Consent over time and the citizen's own view.
-- The citizen's consent to the employer's involvement: an employer sees a case only while it holds.
-- Rows projected before it keep the employer access they had (the projection rewrites the column from
-- the case state at the next change: domain/case/consent.ts employerConsent).
ALTER TABLE cases ADD COLUMN IF NOT EXISTS employer_consent boolean NOT NULL DEFAULT true;
DROP INDEX IF EXISTS cases_employer;
CREATE INDEX IF NOT EXISTS cases_employer ON cases (employer_cvr, created_at DESC, case_id) WHERE employer_cvr IS NOT NULL AND employer_consent;

-- The citizen's own token: role 'citizen', bound to one case (its organisation is the case id, and
-- case_id says so for lists and revocation); created by the consultant, sent by email, revocable.
ALTER TABLE actors ADD COLUMN IF NOT EXISTS case_id text;
ALTER TABLE actors DROP CONSTRAINT IF EXISTS actors_role_check;
ALTER TABLE actors ADD CONSTRAINT actors_role_check
  CHECK (role IN ('consultant','caseworker','supervisor','insurer','union','employer','citizen'));
ALTER TABLE actors ADD CONSTRAINT actors_citizen_case CHECK (role <> 'citizen' OR case_id IS NOT NULL);
CREATE INDEX IF NOT EXISTS actors_case ON actors (case_id) WHERE case_id IS NOT NULL;
