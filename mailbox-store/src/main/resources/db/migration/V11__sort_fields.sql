-- SORT / THREAD (RFC 5256): the header values they order by (a serialized imap.proto SortFields), computed at
-- delivery. NULL for messages stored before V11: computed on their first SORT/THREAD and written back, so this
-- migration is a metadata-only change (no table rewrite, no long lock on a big table).
ALTER TABLE messages ADD COLUMN sort_fields BYTEA;
