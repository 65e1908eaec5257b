-- mailbox-store owns this schema; no other service reads it (ARCHITECTURE.md).
CREATE TABLE domains (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
    id             BIGSERIAL PRIMARY KEY,
    domain_id      BIGINT NOT NULL REFERENCES domains(id) ON DELETE RESTRICT,
    local_part     TEXT NOT NULL,            -- case-folded; look-ups are case-insensitive like Postfix's
    password_hash  TEXT NOT NULL,            -- Dovecot-style: {BLF-CRYPT}$2y$...
    quota_bytes    BIGINT NOT NULL DEFAULT 0, -- 0 = no limit
    used_bytes     BIGINT NOT NULL DEFAULT 0,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (domain_id, local_part)
);

CREATE TABLE mailboxes (
    id             BIGSERIAL PRIMARY KEY,
    account_id     BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    uidvalidity    BIGINT NOT NULL,
    uidnext        BIGINT NOT NULL DEFAULT 1,
    highestmodseq  BIGINT NOT NULL DEFAULT 1,
    special_use    TEXT,
    subscribed     BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (account_id, name)
);

-- Content-addressed: id is the SHA-256 of content in hex, so one copy is kept per distinct message.
CREATE TABLE blobs (
    id          TEXT PRIMARY KEY,
    size        BIGINT NOT NULL,
    content     BYTEA NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE messages (
    id             BIGSERIAL PRIMARY KEY,
    mailbox_id     BIGINT NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    uid            BIGINT NOT NULL,
    modseq         BIGINT NOT NULL,
    flags          TEXT[] NOT NULL DEFAULT '{}',
    internal_date  TIMESTAMPTZ NOT NULL,
    size           BIGINT NOT NULL,
    blob_id        TEXT NOT NULL REFERENCES blobs(id),
    UNIQUE (mailbox_id, uid)
);
CREATE INDEX messages_blob_idx ON messages(blob_id);

-- The delivery key: one row per (queue id, recipient) makes Deliver idempotent under broker redelivery.
CREATE TABLE deliveries (
    queue_id      TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    account_id    BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    uid           BIGINT NOT NULL,
    delivered_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (queue_id, recipient)
);

-- RFC 1939 section 8: one POP3 session owns a maildrop at a time; a lease so a crashed gateway frees it.
CREATE TABLE maildrop_locks (
    account_id  BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    owner       TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
