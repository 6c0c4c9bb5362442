-- Consent over time and the citizen's own view (issue 15).
-- The citizen's consent to the employer's involvement: an employer sees a case only while it holds.
-- Rows projected before it keep the employer access they had (the projection rewrites the column from
-- the case state at the next change: domain/case/consent.ts employerConsent).
ALTER TABLE cases ADD COLUMN IF NOT EXISTS employer_consent boolean NOT NULL DEFAULT true;
DROP INDEX IF EXISTS cases_employer;
CREATE INDEX IF NOT EXISTS cases_employer ON cases (employer_cvr, created_at DESC, case_id) WHERE employer_cvr IS NOT NULL AND employer_consent;
