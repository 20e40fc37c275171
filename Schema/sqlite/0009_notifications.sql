-- What `serve --notify-url` last told its receiver about each diagnosis code. Kept in the database so that replicas
-- sharing it send each message once, and a restart neither repeats a message nor forgets an open one.
CREATE TABLE notification_state (
    code            TEXT    PRIMARY KEY,
    firing          INTEGER NOT NULL, -- 1 after a "failing" message, 0 after the "cleared" one that followed it
    count           INTEGER NOT NULL, -- failed sessions in the window when the last message was sent
    fired_at_ms     INTEGER NOT NULL, -- when the last "failing" message was sent
    changed_at_ms   INTEGER NOT NULL  -- when the last message of either kind was sent
) WITHOUT ROWID;

-- Which replica sends: the holder renews the lease every round; another takes it over once it has expired.
CREATE TABLE notifier_lease (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    holder          TEXT    NOT NULL,
    expires_at_ms   INTEGER NOT NULL
);
