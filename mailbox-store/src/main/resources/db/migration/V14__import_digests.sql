-- import (issue 17): which raw messages an import already put into a folder, so running the same import again
-- adds nothing. The identity is the SHA-256 of the message's bytes as given (mbox/Maildir/IMAP all deliver the
-- same bytes for the same message), per target folder: the same message imported into two folders is stored in
-- both. A row outlives the message it made (an operator who deleted an imported message does not get it back
-- by re-running the import); it goes with its folder. A new table: nothing existing is locked or rewritten.
CREATE TABLE import_digests (
    mailbox_id   BIGINT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    digest       BYTEA NOT NULL,
    uid          BIGINT NOT NULL,
    imported_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (mailbox_id, digest)
);
