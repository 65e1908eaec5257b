-- \Recent (RFC 3501 section 2.3.2), issue 14: messages with uid > recent_uid have not been seen as recent by any
-- session yet. A rev1 SELECT (and each later look of that session) moves it to uidnext - 1 in one UPDATE, so
-- exactly one session sees each message as recent, whichever gateway replica it is on.
-- ADD COLUMN with a constant default does not rewrite the table; the folder table has one row per mailbox.
ALTER TABLE mailboxes ADD COLUMN recent_uid BIGINT NOT NULL DEFAULT 0;
-- messages stored before this version were seen long ago: none of them is recent
UPDATE mailboxes SET recent_uid = uidnext - 1;
