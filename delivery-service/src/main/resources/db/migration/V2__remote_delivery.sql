-- Remote delivery (issue 4): what a retry needs to know about a deferred recipient, how replicas share the work,
-- and the mail log's orig_to and delays.

ALTER TABLE deferred
    -- The address before alias expansion (Postfix's orig_to), empty when the same.
    ADD COLUMN orig_recipient   TEXT NOT NULL DEFAULT '',
    -- RFC 3461 NOTIFY, ORCPT, RET and ENVID, kept for the DSN that a later attempt may have to send.
    ADD COLUMN notify           TEXT,
    ADD COLUMN orcpt            TEXT,
    ADD COLUMN ret              TEXT,
    ADD COLUMN envid            TEXT,
    -- postsuper -h: held entries are never claimed until released.
    ADD COLUMN held             BOOLEAN NOT NULL DEFAULT false,
    -- A replica claims due rows (FOR UPDATE SKIP LOCKED) for a lease; a replica that dies frees them when the
    -- lease ends, so nothing is lost and no two replicas work on one recipient at the same time.
    ADD COLUMN claimed_by       TEXT,
    ADD COLUMN claimed_until    TIMESTAMPTZ,
    -- The sender got its one delay warning.
    ADD COLUMN warned           BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN last_relay       TEXT NOT NULL DEFAULT '';

CREATE INDEX deferred_sender_idx ON deferred(sender);
CREATE INDEX deferred_recipient_idx ON deferred(recipient);

ALTER TABLE delivery_log
    ADD COLUMN orig_recipient   TEXT NOT NULL DEFAULT '',
    -- Postfix's delays=a/b/c: time before the attempt (queue), connection setup (DNS, greeting, EHLO, TLS), transmission.
    ADD COLUMN delays           TEXT NOT NULL DEFAULT '';

CREATE INDEX delivery_log_time_idx ON delivery_log(logged_at);
