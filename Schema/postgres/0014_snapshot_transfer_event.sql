-- The Voice Gateway transfer outcome a snapshot's data carries (HandoverCore's TransferEvent: its event name, the
-- SIP status that tells the outcome, a REFER's refer_status before its sip_status, and the SIP reason), decided at
-- ingest, so the join reads columns rather than the stored JSON. NULL where the data names no transfer outcome.
-- Existing rows are back-filled by the store, through the same code, right after this migration.
ALTER TABLE snapshot ADD COLUMN transfer_event TEXT;
ALTER TABLE snapshot ADD COLUMN transfer_sip_status BIGINT;
ALTER TABLE snapshot ADD COLUMN transfer_sip_reason TEXT;
