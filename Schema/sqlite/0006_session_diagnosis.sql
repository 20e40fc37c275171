-- Each session's diagnosis as last computed, so the console's overview counts codes over a week of a large
-- contact centre with one indexed query instead of re-diagnosing every session on each page load. Derived data:
-- it is rebuilt from the tables above for whatever changed since the watermark.
CREATE TABLE session_diagnosis (
    session_id          TEXT    PRIMARY KEY,
    first_ms            INTEGER,          -- the session's first event on either side
    code                TEXT    NOT NULL,
    failure             INTEGER NOT NULL, -- 1 unless the code is HANDED_OVER or CALLER_HUNG_UP_IN_BOT
    diagnosed_at_ms     INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX session_diagnosis_by_time ON session_diagnosis (first_ms);

-- How far the diagnoses are up to date: the last snapshot and attempt ids and CXone import time they include.
CREATE TABLE diagnosis_watermark (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    snapshot_id             INTEGER NOT NULL,
    attempt_id              INTEGER NOT NULL,
    contacts_imported_ms    INTEGER NOT NULL
);
