-- Issue 14: SEARCH BODY / TEXT from an index instead of a scan of every message's raw bytes.

-- Trigram indexes answer LIKE '%word%' (RFC 9051 section 6.4.4 asks for substrings, not words, so a tsvector's
-- word stems would not do). pg_trgm is a trusted extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The searchable text of a message (imap/MessageText: decoded, HTML reduced to text, lower case, capped per
-- message by mailbox.search-text-max-chars), kept per blob: contents are content-addressed and immutable, so a
-- message delivered to many accounts or copied to other folders is extracted and indexed once. Written in the
-- same transaction as the message row (imap/MessageRows); it goes when its blob goes.
-- A new, empty table: nothing existing is rewritten or locked. Messages stored before this version have no row;
-- a search extracts and matches them on the fly and writes their text back (imap/TextSearch), so they become
-- indexed on first search.
CREATE TABLE blob_texts (
    blob_id  TEXT PRIMARY KEY REFERENCES blobs(id) ON DELETE CASCADE,
    header   TEXT NOT NULL,
    body     TEXT NOT NULL
);
CREATE INDEX blob_texts_header_trgm ON blob_texts USING gin (header gin_trgm_ops);
CREATE INDEX blob_texts_body_trgm ON blob_texts USING gin (body gin_trgm_ops);
