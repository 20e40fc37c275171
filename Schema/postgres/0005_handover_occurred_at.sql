-- The flow's own time for a handover attempt (the wrapper's "timestamp"). NULL when the flow sent none.
ALTER TABLE handover_attempt ADD COLUMN occurred_at_ms BIGINT;
