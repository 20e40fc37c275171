-- What a Cognigy flow knew at one step of a bot session (POST /v1/snapshots).
-- raw_body keeps the request exactly as it arrived, so nothing the flow sent is lost even when a field is not
-- understood yet; the other columns are extracted from it for queries and joins.
CREATE TABLE snapshot (
    id                  INTEGER PRIMARY KEY,
    session_id          TEXT    NOT NULL,
    contact_id          TEXT,
    spawned_contact_id  TEXT,
    master_contact_id   TEXT,
    user_id             TEXT,
    input_id            TEXT,
    trace_id            TEXT,
    channel             TEXT,
    label               TEXT,
    intent              TEXT,
    confidence          REAL,
    text                TEXT,
    occurred_at_ms      INTEGER,          -- the flow's own timestamp, epoch milliseconds, when it sent one
    received_at_ms      INTEGER NOT NULL, -- the server's receive time, epoch milliseconds
    context_json        TEXT,
    data_json           TEXT,
    content_type        TEXT    NOT NULL,
    raw_body            BLOB    NOT NULL
);

CREATE INDEX snapshot_by_session ON snapshot (session_id, received_at_ms);
CREATE INDEX snapshot_by_contact ON snapshot (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX snapshot_by_spawned_contact ON snapshot (spawned_contact_id) WHERE spawned_contact_id IS NOT NULL;
CREATE INDEX snapshot_by_master_contact ON snapshot (master_contact_id) WHERE master_contact_id IS NOT NULL;
CREATE INDEX snapshot_by_received_at ON snapshot (received_at_ms);
