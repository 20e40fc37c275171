-- Makes a flow's retry safe: the first request with a key creates the record, a retry with the same key and body
-- answers with that record, and a retry with another body is refused. Unique per route, across every replica:
-- the primary key decides which of two replicas racing with one key stores the record.
CREATE TABLE idempotency_key (
    route           TEXT    NOT NULL, -- 'snapshots' or 'handovers'
    key             TEXT    NOT NULL,
    record_id       BIGINT  NOT NULL,
    created_at_ms   BIGINT  NOT NULL,
    PRIMARY KEY (route, key)
);
