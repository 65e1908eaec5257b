-- SMTPUTF8 (issue 14): whether the client's MAIL FROM carried SMTPUTF8 (InboundMail.smtputf8). A message with an
-- ASCII envelope may still hold UTF-8 header fields (RFC 6532), so a retry must ask the next hop for SMTPUTF8 too
-- and bounce with 5.6.7 where it is not offered (RFC 6531 section 3.2: no downgrade). Rows queued before this
-- column existed are taken as not flagged: only their envelope decides, as it did when they were queued.

ALTER TABLE deferred
    ADD COLUMN smtputf8 BOOLEAN NOT NULL DEFAULT false;
