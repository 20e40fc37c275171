-- CXone's side of a call (import-cxone, fetch-cxone). Twin of Schema/sqlite/0004_cxone_contacts.sql.
CREATE TABLE cxone_contact (
    contact_id              TEXT    PRIMARY KEY,
    master_contact_id       TEXT,
    started_at_ms           BIGINT,
    ended_at_ms             BIGINT,
    skill_id                TEXT,
    skill_name              TEXT,
    agent_id                TEXT,
    abandoned               BIGINT,           -- 0/1, NULL when CXone did not say
    abandon_seconds         DOUBLE PRECISION,
    end_reason              TEXT,
    is_refused              BIGINT,
    refuse_reason           TEXT,
    pre_queue_seconds       DOUBLE PRECISION,
    in_queue_seconds        DOUBLE PRECISION,
    agent_seconds           DOUBLE PRECISION,
    total_duration_seconds  DOUBLE PRECISION,
    transfer_indicator      TEXT,
    media_type              TEXT,
    point_of_contact        TEXT,
    last_update_at_ms       BIGINT,
    raw_json                TEXT    NOT NULL,
    imported_at_ms          BIGINT  NOT NULL
);

CREATE INDEX cxone_contact_by_master ON cxone_contact (master_contact_id) WHERE master_contact_id IS NOT NULL;
CREATE INDEX cxone_contact_by_start ON cxone_contact (started_at_ms);

CREATE TABLE cxone_contact_state (
    contact_id          TEXT    NOT NULL,
    state_index         BIGINT  NOT NULL,
    state_id            TEXT,
    state_name          TEXT,
    started_at_ms       BIGINT,
    agent_id            TEXT,
    skill_id            TEXT,
    skill_name          TEXT,
    duration_seconds    DOUBLE PRECISION,
    raw_json            TEXT    NOT NULL,
    PRIMARY KEY (contact_id, state_index)
);

CREATE TABLE cxone_custom_data (
    contact_id  TEXT NOT NULL,
    name        TEXT NOT NULL,
    value       TEXT COLLATE "C" NOT NULL, -- a bot session id: byte order, as SQLite
    PRIMARY KEY (contact_id, name)
);

CREATE INDEX cxone_custom_data_by_value ON cxone_custom_data (value);

CREATE TABLE cxone_poll (
    id              BIGINT  PRIMARY KEY CHECK (id = 1),
    last_poll_ms    BIGINT  NOT NULL,
    contacts        BIGINT  NOT NULL
);
