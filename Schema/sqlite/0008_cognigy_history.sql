-- Cognigy's own history of every session, from its OData analytics endpoint (import-cognigy, fetch-cognigy), so
-- flows that never posted to the webhook are seen too. Upserted by key, so importing the same data twice changes
-- nothing. raw_json keeps the record as Cognigy sent it (with --redact-key, the caller's words and number hashed);
-- the other columns are what correlation and diagnosis read.

-- Sessions: one row per bot session.
CREATE TABLE cognigy_session (
    session_id              TEXT    PRIMARY KEY,
    user_id                 TEXT,
    caller_key              TEXT,             -- the caller's number as the caller-and-time join compares it
    started_at_ms           INTEGER,
    handover_escalations    INTEGER,
    steps_count             INTEGER,
    project_id              TEXT,
    project_name            TEXT,
    endpoint_name           TEXT,
    raw_json                TEXT    NOT NULL,
    imported_at_ms          INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX cognigy_session_by_start ON cognigy_session (started_at_ms);
CREATE INDEX cognigy_session_by_imported ON cognigy_session (imported_at_ms);

-- Conversations (one row per message) and Analytics (one row per input), keyed by collection and record id.
CREATE TABLE cognigy_message (
    collection          TEXT    NOT NULL,     -- Conversations | Analytics
    record_id           TEXT    NOT NULL,
    session_id          TEXT    NOT NULL,
    at_ms               INTEGER,
    input_id            TEXT,
    type                TEXT,
    source              TEXT,
    text                TEXT,
    intent              TEXT,
    intent_score        REAL,
    flow_name           TEXT,
    channel             TEXT,
    in_handover_request INTEGER,              -- 0/1, NULL when the record does not say
    contact_id          TEXT,                 -- CXone's ids found in inputData or a customN field
    spawned_contact_id  TEXT,
    transfer_event      TEXT,                 -- a Voice Gateway transfer event in inputData
    sip_status          INTEGER,
    sip_reason          TEXT,
    raw_json            TEXT    NOT NULL,
    imported_at_ms      INTEGER NOT NULL,
    PRIMARY KEY (collection, record_id)
) WITHOUT ROWID;

CREATE INDEX cognigy_message_by_session ON cognigy_message (session_id, at_ms);
CREATE INDEX cognigy_message_by_time ON cognigy_message (at_ms);
CREATE INDEX cognigy_message_by_imported ON cognigy_message (imported_at_ms);
CREATE INDEX cognigy_message_by_contact ON cognigy_message (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX cognigy_message_by_spawned_contact ON cognigy_message (spawned_contact_id) WHERE spawned_contact_id IS NOT NULL;

-- Where the last fetch-cognigy of each collection ended, so --incremental resumes from there.
CREATE TABLE cognigy_fetch (
    collection      TEXT    PRIMARY KEY,
    last_fetch_ms   INTEGER NOT NULL,
    records         INTEGER NOT NULL
) WITHOUT ROWID;

-- The caller's number on CXone's side (fromAddress), compared with the Cognigy session's caller key.
ALTER TABLE cxone_contact ADD COLUMN caller_key TEXT;
CREATE INDEX cxone_contact_by_caller ON cxone_contact (caller_key, started_at_ms) WHERE caller_key IS NOT NULL;

-- The diagnoses also follow Cognigy imports.
ALTER TABLE diagnosis_watermark ADD COLUMN cognigy_imported_ms INTEGER NOT NULL DEFAULT 0;
