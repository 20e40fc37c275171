-- What `serve --notify-url` last told its receiver about each diagnosis code, so that replicas sharing the database
-- send each message once. Twin of Schema/sqlite/0009_notifications.sql.
CREATE TABLE notification_state (
    code            TEXT    COLLATE "C" PRIMARY KEY,
    firing          BIGINT  NOT NULL, -- 1 after a "failing" message, 0 after the "cleared" one that followed it
    count           BIGINT  NOT NULL, -- failed sessions in the window when the last message was sent
    fired_at_ms     BIGINT  NOT NULL, -- when the last "failing" message was sent
    changed_at_ms   BIGINT  NOT NULL  -- when the last message of either kind was sent
);

-- Which replica sends: the holder renews the lease every round; another takes it over once it has expired.
CREATE TABLE notifier_lease (
    id              BIGINT  PRIMARY KEY CHECK (id = 1),
    holder          TEXT    NOT NULL,
    expires_at_ms   BIGINT  NOT NULL
);
