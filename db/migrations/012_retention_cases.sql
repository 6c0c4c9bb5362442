-- The job centre's own retention cases (kind 'retention'): no injury case and no insurer, so those columns
-- may be empty; the kind and the referral are columns for the lists and the retention report.
ALTER TABLE cases ALTER COLUMN injury_case_ref DROP NOT NULL;
ALTER TABLE cases ALTER COLUMN insurer_id DROP NOT NULL;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'work-injury' CHECK (kind IN ('work-injury', 'retention'));
ALTER TABLE cases ADD COLUMN IF NOT EXISTS referral_source text;
-- The retention report reads retention cases per municipality and month of opening.
CREATE INDEX IF NOT EXISTS cases_retention_report ON cases (municipality_code, created_at) WHERE kind = 'retention';
