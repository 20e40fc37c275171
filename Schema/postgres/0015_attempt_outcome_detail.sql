-- The stage and the error a handover attempt's reported outcome names (HandoverCore's HandoverOutcome.detail:
-- `stage` and `error`, also under `CXoneHandover`, or the Handover node's `handover.error.message`), decided at ingest,
-- so the join reads columns rather than the stored JSON. NULL where the outcome names none.
-- Existing rows are back-filled by the store, through the same code, right after this migration.
ALTER TABLE handover_attempt ADD COLUMN outcome_stage TEXT;
ALTER TABLE handover_attempt ADD COLUMN outcome_error TEXT;
