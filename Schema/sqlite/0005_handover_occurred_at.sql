-- The flow's own time for a handover attempt (the wrapper's "timestamp"), so a timeline built from recorded or
-- replayed requests orders the attempt by when it happened, not when it arrived. NULL when the flow sent none.
ALTER TABLE handover_attempt ADD COLUMN occurred_at_ms INTEGER;
