-- The hand-off of a queued message from smtp-ingress to delivery-service (store/delivery/Handoffs), settled once
-- per queue id: delivery-service claims before it acts on a mail-inbound message, smtp-ingress abandons before it
-- answers 451 when the broker's outcome is unknown. The primary key makes the first one win. A new table: nothing
-- existing is rewritten or locked. Rows go after mailbox.blob-gc-grace, when the message's blob goes too.
CREATE TABLE handoffs (
    queue_id    TEXT PRIMARY KEY,
    claimed     BOOLEAN NOT NULL,
    settled_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX handoffs_settled_at ON handoffs(settled_at);
