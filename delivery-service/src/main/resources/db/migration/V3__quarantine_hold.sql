-- Quarantine (issue 7). A message a filter quarantined waits in this table with held = true (V2's column) and the
-- filter's reason in last_reply until an operator releases it. The folder local recipients get a message in must
-- survive a deferral, so that a retry of a DMARC p=quarantine message still goes to Junk.

ALTER TABLE deferred
    -- The target folder of local delivery (InboundMail.mailbox, e.g. 'Junk'); NULL means INBOX.
    ADD COLUMN mailbox TEXT;
