-- Genesys Cloud's conversation details (import-genesys), one row per conversation, and what a flow that hands over to
-- Genesys records in a snapshot (HandoverCore's GenesysEscalation). Twin of Schema/sqlite/0016_genesys_conversations.sql.
-- Diagnosis reads the record itself (raw_json, through HandoverCore's GenesysDocumentReader); the columns are the links.
CREATE TABLE genesys_conversation (
    conversation_id     TEXT    COLLATE "C" PRIMARY KEY, -- trimmed, lower case: a flow's copy compares case-blind
    started_at_ms       BIGINT,
    ended_at_ms         BIGINT,
    caller_key          TEXT,                 -- the customer session's ani as the caller-and-time join compares it
    named_session_id    TEXT    COLLATE "C",    -- a participant attribute naming the Cognigy session
    last_activity_ms    BIGINT,               -- the latest moment the record mentions: the newer version wins
    raw_json            TEXT    NOT NULL,
    imported_at_ms      BIGINT NOT NULL
);

CREATE INDEX genesys_conversation_by_start ON genesys_conversation (started_at_ms);
CREATE INDEX genesys_conversation_by_imported ON genesys_conversation (imported_at_ms);
CREATE INDEX genesys_conversation_by_caller ON genesys_conversation (caller_key, started_at_ms) WHERE caller_key IS NOT NULL;
CREATE INDEX genesys_conversation_by_session ON genesys_conversation (named_session_id) WHERE named_session_id IS NOT NULL;

-- Rows stored before this migration have neither: only flows built for Genesys send them, and those start now.
ALTER TABLE snapshot ADD COLUMN genesys_conversation_id TEXT;
ALTER TABLE snapshot ADD COLUMN handover_requested BIGINT;
CREATE INDEX snapshot_by_genesys_conversation ON snapshot (genesys_conversation_id) WHERE genesys_conversation_id IS NOT NULL;
