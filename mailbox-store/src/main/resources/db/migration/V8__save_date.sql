-- Issue 14, RFC 8514 SAVEDATE: when a message row was put into its mailbox (delivery, APPEND, COPY, MOVE all
-- insert a row, so the column default covers every path). Added without a default first so PostgreSQL does not
-- touch existing rows (instant, no table rewrite); they keep NULL, which FETCH SAVEDATE answers as NIL
-- (RFC 8514 section 4.1 allows NIL when the save date is not known).
ALTER TABLE messages ADD COLUMN saved_at TIMESTAMPTZ;
ALTER TABLE messages ALTER COLUMN saved_at SET DEFAULT now();
