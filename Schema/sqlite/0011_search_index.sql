-- The word search of the session list: every distinct step, intent and flow name (lowercased), and which sessions
-- have each. Derived data, written with the stored diagnoses; a search matches the small vocabulary, then follows
-- its index to the sessions.
CREATE TABLE search_term (
    term        TEXT    PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE session_term (
    term        TEXT    NOT NULL,
    session_id  TEXT    NOT NULL,
    PRIMARY KEY (term, session_id)
) WITHOUT ROWID;

CREATE INDEX session_term_by_session ON session_term (session_id);

-- Diagnose every session again at the next refresh (in the background after start), which fills the index.
DELETE FROM diagnosis_watermark;
