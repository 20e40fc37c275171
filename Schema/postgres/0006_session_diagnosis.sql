-- Each session's diagnosis as last computed, for the console's overview. Derived data, rebuilt from the tables
-- above for whatever changed since the watermark. Twin of Schema/sqlite/0006_session_diagnosis.sql.
CREATE TABLE session_diagnosis (
    session_id          TEXT    COLLATE "C" PRIMARY KEY,
    first_ms            BIGINT,           -- the session's first event on either side
    code                TEXT    NOT NULL,
    failure             BIGINT  NOT NULL, -- 1 unless the code is HANDED_OVER or CALLER_HUNG_UP_IN_BOT
    diagnosed_at_ms     BIGINT  NOT NULL
);

CREATE INDEX session_diagnosis_by_time ON session_diagnosis (first_ms);

CREATE TABLE diagnosis_watermark (
    id                      BIGINT  PRIMARY KEY CHECK (id = 1),
    snapshot_id             BIGINT  NOT NULL,
    attempt_id              BIGINT  NOT NULL,
    contacts_imported_ms    BIGINT  NOT NULL
);
