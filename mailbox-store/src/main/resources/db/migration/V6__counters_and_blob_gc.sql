-- Issue 13: STATUS / LIST-STATUS read per-folder counters instead of counting, and blobs carry the time of their
-- last PutBlob so the collector (blob/BlobCollector) can tell a blob nobody references yet from a forgotten one.

-- Per-folder counts for RFC 9051 section 6.3.11 STATUS (MESSAGES, UNSEEN, SIZE, DELETED), kept by the statement
-- triggers below so that no write path has to remember them. On the folder row because every write path already
-- holds that row's lock (it allocates UIDs or MODSEQs there first), so keeping them adds no new lock.
ALTER TABLE mailboxes
    ADD COLUMN message_count  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN unseen_count   BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN deleted_count  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN total_size     BIGINT NOT NULL DEFAULT 0;

-- One UPDATE per folder and statement (transition tables), not one per row: STORE or EXPUNGE of thousands of
-- messages touches the folder row once. Statements that change no counted column (the envelope write-back)
-- update nothing. A folder deleted by the same statement (ON DELETE CASCADE) simply matches no row.
CREATE FUNCTION count_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE mailbox.mailboxes m SET message_count = m.message_count + d.n, unseen_count = m.unseen_count + d.unseen,
               deleted_count = m.deleted_count + d.deleted, total_size = m.total_size + d.size
          FROM (SELECT mailbox_id, count(*) AS n, count(*) FILTER (WHERE NOT ('\Seen' = ANY(flags))) AS unseen,
                       count(*) FILTER (WHERE '\Deleted' = ANY(flags)) AS deleted, sum(size) AS size
                  FROM new_rows GROUP BY mailbox_id) d
         WHERE m.id = d.mailbox_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE mailbox.mailboxes m SET message_count = m.message_count - d.n, unseen_count = m.unseen_count - d.unseen,
               deleted_count = m.deleted_count - d.deleted, total_size = m.total_size - d.size
          FROM (SELECT mailbox_id, count(*) AS n, count(*) FILTER (WHERE NOT ('\Seen' = ANY(flags))) AS unseen,
                       count(*) FILTER (WHERE '\Deleted' = ANY(flags)) AS deleted, sum(size) AS size
                  FROM old_rows GROUP BY mailbox_id) d
         WHERE m.id = d.mailbox_id;
    ELSE
        UPDATE mailbox.mailboxes m SET message_count = m.message_count + d.n, unseen_count = m.unseen_count + d.unseen,
               deleted_count = m.deleted_count + d.deleted, total_size = m.total_size + d.size
          FROM (SELECT mailbox_id, sum(n) AS n, sum(unseen) AS unseen, sum(deleted) AS deleted, sum(size) AS size
                  FROM (SELECT mailbox_id, 1 AS n, (NOT ('\Seen' = ANY(flags)))::int AS unseen,
                               ('\Deleted' = ANY(flags))::int AS deleted, size FROM new_rows
                        UNION ALL
                        SELECT mailbox_id, -1, -(NOT ('\Seen' = ANY(flags)))::int, -('\Deleted' = ANY(flags))::int, -size
                          FROM old_rows) x
                 GROUP BY mailbox_id) d
         WHERE m.id = d.mailbox_id AND (d.n <> 0 OR d.unseen <> 0 OR d.deleted <> 0 OR d.size <> 0);
    END IF;
    RETURN NULL;
END
$$;

-- The triggers come before the backfill: CREATE TRIGGER locks out writers to messages until this migration
-- commits, so no message written by a replica still running the old version is counted twice or missed.
CREATE TRIGGER messages_count_insert AFTER INSERT ON messages REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_messages();
CREATE TRIGGER messages_count_delete AFTER DELETE ON messages REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_messages();
CREATE TRIGGER messages_count_update AFTER UPDATE ON messages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION count_messages();

UPDATE mailboxes m SET message_count = c.n, unseen_count = c.unseen, deleted_count = c.deleted, total_size = c.size
  FROM (SELECT mailbox_id, count(*) AS n, count(*) FILTER (WHERE NOT ('\Seen' = ANY(flags))) AS unseen,
               count(*) FILTER (WHERE '\Deleted' = ANY(flags)) AS deleted, sum(size) AS size
          FROM messages GROUP BY mailbox_id) c
 WHERE m.id = c.mailbox_id;

-- When the blob was last stored by PutBlob or APPEND. Content addressing answers a PutBlob of known content with
-- the existing id, so every PutBlob refreshes this; the collector only removes unreferenced blobs whose last put is
-- older than its grace period (longer than the queue's lifetime), re-checked in the DELETE itself.
-- Blobs stored before this version count as put now (no table rewrite): they get a full grace period.
ALTER TABLE blobs ADD COLUMN last_put_at TIMESTAMPTZ NOT NULL DEFAULT now();
-- The collector's scan: oldest first.
CREATE INDEX blobs_last_put_idx ON blobs(last_put_at);
