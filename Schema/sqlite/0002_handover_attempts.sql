-- A handover payload a flow was about to send to CXone (POST /v1/handovers), stored valid or not,
-- with the verdict it got and what the flow saw afterwards.
CREATE TABLE handover_attempt (
    id                  INTEGER PRIMARY KEY,
    session_id          TEXT,             -- NULL when the payload carried no usable bot session id
    shape               TEXT    NOT NULL, -- 'handover' or 'cxoneEscalation'
    contact_id          TEXT,
    queue_id            TEXT,
    transfer_type       TEXT,
    intent              TEXT,
    confidence          REAL,
    valid               INTEGER NOT NULL, -- 1 when the verdict had no errors
    errors_json         TEXT    NOT NULL, -- [{"field","code","message"}]
    warnings_json       TEXT    NOT NULL,
    payload_json        TEXT    NOT NULL, -- the normalised payload CXone should have received
    outcome             TEXT,             -- 'succeeded', 'failed', 'cancelled' or NULL
    outcome_json        TEXT,
    received_at_ms      INTEGER NOT NULL,
    content_type        TEXT    NOT NULL,
    raw_body            BLOB    NOT NULL
);

CREATE INDEX handover_attempt_by_session ON handover_attempt (session_id, received_at_ms);
CREATE INDEX handover_attempt_by_contact ON handover_attempt (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX handover_attempt_by_received_at ON handover_attempt (received_at_ms);
