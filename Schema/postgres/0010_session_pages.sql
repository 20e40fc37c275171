-- The session list pages through the stored diagnoses by (first event, session id), newest or oldest first, with
-- or without a code filter: each page is a short walk along one of these indexes. A session with no known time
-- sorts first, as -1. Twin of Schema/sqlite/0010_session_pages.sql.
CREATE INDEX session_diagnosis_page ON session_diagnosis ((COALESCE(first_ms, -1)), session_id);
CREATE INDEX session_diagnosis_page_by_code ON session_diagnosis (code, (COALESCE(first_ms, -1)), session_id);

-- Every page first asks whether anything changed since the last refresh, including when CXone data last came in.
CREATE INDEX cxone_contact_by_imported ON cxone_contact (imported_at_ms);
