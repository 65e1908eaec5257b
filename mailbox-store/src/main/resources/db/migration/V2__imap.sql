-- IMAP (issue 5): what FETCH needs cached at delivery, and expunge tombstones so sessions learn of removals by
-- MODSEQ (RFC 7162 section 3.2.5.1 style: a lost notification is recovered by asking "since MODSEQ").

-- Pre-rendered IMAP strings (RFC 9051 section 7.5.2), computed once with Mime4j; NULL for messages stored
-- before V2 (computed on first FETCH and written back).
ALTER TABLE messages ADD COLUMN envelope TEXT;
ALTER TABLE messages ADD COLUMN bodystructure TEXT;
ALTER TABLE messages ADD COLUMN body TEXT;
ALTER TABLE messages ADD COLUMN sent_date TIMESTAMPTZ;
CREATE INDEX messages_modseq_idx ON messages(mailbox_id, modseq);

CREATE TABLE expunged (
    mailbox_id  BIGINT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    uid         BIGINT NOT NULL,
    modseq      BIGINT NOT NULL,
    PRIMARY KEY (mailbox_id, uid)
);
CREATE INDEX expunged_modseq_idx ON expunged(mailbox_id, modseq);

-- UIDVALIDITY of folders made from now on: strictly increasing, so a folder deleted and made again under the
-- same name never reuses one (RFC 9051 section 2.3.1.1). Starts at the epoch second, like INBOX's.
CREATE SEQUENCE uidvalidity_seq;
SELECT setval('uidvalidity_seq', extract(epoch FROM now())::bigint);
