-- How far each history source has been read, whoever read it (the scheduled fetch in serve, fetch-*, import-*),
-- and how its last rounds went: what decides whether a diagnosis is final, and what the console, /metrics and
-- doctor show. Replaces cxone_poll and cognigy_fetch, whose positions it takes over.
CREATE TABLE source_position (
    source              TEXT    PRIMARY KEY,  -- cxone | cognigy
    covered_until_ms    INTEGER,              -- everything the source completed before this has been read
    fetched_at_ms       INTEGER,              -- when the last successful fetch or import ended
    records             INTEGER NOT NULL DEFAULT 0, -- records the last successful fetch or import read
    failing_since_ms    INTEGER,              -- the first failure of the rounds failing now; NULL once one succeeds
    error               TEXT,                 -- the last failure, in words that never hold a credential
    error_at_ms         INTEGER
) WITHOUT ROWID;

INSERT INTO source_position (source, covered_until_ms, fetched_at_ms, records)
    SELECT 'cxone', last_poll_ms, last_poll_ms, contacts FROM cxone_poll WHERE id = 1;
INSERT INTO source_position (source, covered_until_ms, fetched_at_ms, records)
    SELECT 'cognigy', MIN(last_fetch_ms), MAX(last_fetch_ms), SUM(records) FROM cognigy_fetch HAVING COUNT(*) = 3;
DROP TABLE cxone_poll;
DROP TABLE cognigy_fetch;

-- Background work done once per cluster: the replica holding a name's lease does it, renewing it every round;
-- another takes it over once it has expired. Replaces notifier_lease (its name here: notifications).
CREATE TABLE lease (
    name            TEXT    PRIMARY KEY,
    holder          TEXT    NOT NULL,
    expires_at_ms   INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO lease (name, holder, expires_at_ms) SELECT 'notifications', holder, expires_at_ms FROM notifier_lease;
DROP TABLE notifier_lease;

-- Whether each stored diagnosis can still change (HandoverCore's Settlement): a pending one is not counted as a
-- failure, and is diagnosed again once the side it waits for has been read past settles_at_ms.
ALTER TABLE session_diagnosis ADD COLUMN final INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session_diagnosis ADD COLUMN waits_for TEXT;          -- contact-centre | bot, while pending
ALTER TABLE session_diagnosis ADD COLUMN settles_at_ms INTEGER;   -- NULL while that side was never read
CREATE INDEX session_diagnosis_pending ON session_diagnosis (waits_for, settles_at_ms) WHERE final = 0;
-- Diagnose every session again, so each stored diagnosis says whether it is final.
DELETE FROM diagnosis_watermark;
