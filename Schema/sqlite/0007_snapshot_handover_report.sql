-- What the snapshot's context says about a handover the flow already tried (HandoverCore's HandoverReport), decided
-- at ingest: which report it was (CXoneHandover or handover, NULL for none), whether it failed (1/0), its stage and
-- its error. Existing rows are back-filled by the store, through the same code, right after this migration.
ALTER TABLE snapshot ADD COLUMN handover_report TEXT;
ALTER TABLE snapshot ADD COLUMN handover_failed INTEGER;
ALTER TABLE snapshot ADD COLUMN handover_stage TEXT;
ALTER TABLE snapshot ADD COLUMN handover_error TEXT;
