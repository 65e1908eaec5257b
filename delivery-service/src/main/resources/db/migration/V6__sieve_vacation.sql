-- sieve part (issue 17): vacation's duplicate suppression (RFC 5230 section 4.2): one row per account, sender and
-- handle, kept until :days have passed. Written in the same transaction as the reply's queue entry, so a reply is
-- never queued twice and never recorded without being queued. A new table: nothing existing is locked.
CREATE TABLE sieve_vacation (
    account     TEXT NOT NULL,
    sender      TEXT NOT NULL,
    handle      TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account, sender, handle)
);
CREATE INDEX sieve_vacation_expiry_idx ON sieve_vacation(expires_at);
