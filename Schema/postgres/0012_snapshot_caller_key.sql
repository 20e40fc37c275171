-- The caller's number as the caller-and-time join compares it (HandoverCore's CallerKey), from the userId a flow
-- posts, decided at ingest: so a webhook-only session is matched to its contact by caller and time, a newly imported
-- contact re-diagnoses the sessions of its caller, and `erase --caller` finds every session of a number. Existing
-- rows are back-filled by the store, through the same code, right after this migration.
ALTER TABLE snapshot ADD COLUMN caller_key TEXT;
CREATE INDEX snapshot_by_caller ON snapshot (caller_key) WHERE caller_key IS NOT NULL;
