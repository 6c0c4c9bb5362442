-- Subsidy negotiations belong to the legal track (a subsidy may name a treatment, which an employer must
-- never learn). Timeline events projected before that rule were recorded with 'retention': move them.
-- (Payment tasks are rewritten from the running workflows' state at each projection, so their rule is
-- applied when they are read: LEGAL_TRACK_TASK_KINDS in domain/tasks/tasks.ts.)
UPDATE case_events SET track = 'legal' WHERE type LIKE 'subsidy-%' AND track <> 'legal';
UPDATE tasks SET track = 'legal', data = jsonb_set(data, '{track}', '"legal"') WHERE kind = 'confirm-payment' AND track <> 'legal';
