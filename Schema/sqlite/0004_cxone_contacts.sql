-- CXone's side of a call, imported from saved API responses or fetched from the API (import-cxone, fetch-cxone).
-- Upserted by contact id so importing the same data twice changes nothing. raw_json keeps the record as CXone
-- sent it; the other columns are what correlation and diagnosis read.
CREATE TABLE cxone_contact (
    contact_id              TEXT    PRIMARY KEY,
    master_contact_id       TEXT,
    started_at_ms           INTEGER,
    ended_at_ms             INTEGER,
    skill_id                TEXT,
    skill_name              TEXT,
    agent_id                TEXT,
    abandoned               INTEGER,          -- 0/1, NULL when CXone did not say
    abandon_seconds         REAL,
    end_reason              TEXT,
    is_refused              INTEGER,
    refuse_reason           TEXT,
    pre_queue_seconds       REAL,
    in_queue_seconds        REAL,
    agent_seconds           REAL,
    total_duration_seconds  REAL,
    transfer_indicator      TEXT,
    media_type              TEXT,
    point_of_contact        TEXT,
    last_update_at_ms       INTEGER,
    raw_json                TEXT    NOT NULL,
    imported_at_ms          INTEGER NOT NULL
);

CREATE INDEX cxone_contact_by_master ON cxone_contact (master_contact_id) WHERE master_contact_id IS NOT NULL;
CREATE INDEX cxone_contact_by_start ON cxone_contact (started_at_ms);

-- GET /contacts/{id}/state-history: one row per state the contact went through.
CREATE TABLE cxone_contact_state (
    contact_id          TEXT    NOT NULL,
    state_index         INTEGER NOT NULL,
    state_id            TEXT,
    state_name          TEXT,
    started_at_ms       INTEGER,
    agent_id            TEXT,
    skill_id            TEXT,
    skill_name          TEXT,
    duration_seconds    REAL,
    raw_json            TEXT    NOT NULL,
    PRIMARY KEY (contact_id, state_index)
) WITHOUT ROWID;

-- GET /contacts/{id}/custom-data: name/value pairs a Studio script set, e.g. the bot session id.
CREATE TABLE cxone_custom_data (
    contact_id  TEXT NOT NULL,
    name        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (contact_id, name)
) WITHOUT ROWID;

CREATE INDEX cxone_custom_data_by_value ON cxone_custom_data (value);

-- Where the last fetch-cxone poll ended, so --incremental resumes from there (updatedSince).
CREATE TABLE cxone_poll (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    last_poll_ms    INTEGER NOT NULL,
    contacts        INTEGER NOT NULL
);
