-- Makes a flow's retry safe: the first request with a key creates the record, a retry with the same key and body
-- answers with that record, and a retry with another body is refused. Unique per route.
CREATE TABLE idempotency_key (
    route           TEXT    NOT NULL, -- 'snapshots' or 'handovers'
    key             TEXT    NOT NULL,
    record_id       INTEGER NOT NULL,
    created_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (route, key)
) WITHOUT ROWID;
