-- delivery-service owns this schema (ARCHITECTURE.md): the deferred queue and the mail log.

-- Recipients that could not be delivered yet; the retry scheduler (delivery issue) claims due rows
-- with FOR UPDATE SKIP LOCKED.
CREATE TABLE deferred (
    id               BIGSERIAL PRIMARY KEY,
    queue_id         TEXT NOT NULL,
    sender           TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    blob_id          TEXT NOT NULL,
    size             BIGINT NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL,
    attempts         INT NOT NULL DEFAULT 1,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_dsn         TEXT NOT NULL,
    last_reply       TEXT NOT NULL,
    UNIQUE (queue_id, recipient)
);
CREATE INDEX deferred_due_idx ON deferred(next_attempt_at);

-- The platform's /var/log/maillog: one row per delivery attempt and recipient.
CREATE TABLE delivery_log (
    id         BIGSERIAL PRIMARY KEY,
    logged_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    queue_id   TEXT NOT NULL,
    sender     TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    relay      TEXT NOT NULL,
    delay_ms   BIGINT NOT NULL,
    dsn        TEXT NOT NULL,
    status     TEXT NOT NULL,
    reply      TEXT NOT NULL
);
CREATE INDEX delivery_log_queue_idx ON delivery_log(queue_id);
CREATE INDEX delivery_log_recipient_idx ON delivery_log(recipient, logged_at);
CREATE INDEX delivery_log_sender_idx ON delivery_log(sender, logged_at);
