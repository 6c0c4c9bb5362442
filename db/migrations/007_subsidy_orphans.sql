-- Subsidies whose case workflow is gone (closed, finished or unknown to Temporal): when the subsidy
-- found out, so the supervisors' stuck list shows it (subsidy-orphaned) instead of it waiting silently.
ALTER TABLE subsidies ADD COLUMN IF NOT EXISTS orphaned_at timestamptz;

-- subsidy-orphaned candidates: orphans that are not finished yet (rejected, paid and withdrawn are).
CREATE INDEX IF NOT EXISTS subsidies_orphaned_open ON subsidies (case_id)
  WHERE orphaned_at IS NOT NULL AND status IN ('requested','info-requested','approved');
