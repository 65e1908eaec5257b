-- Aliases and forwards (Postfix's virtual_alias_maps) and per-domain default quotas. (V2 belongs to IMAP.)
-- local_part '' is the catch-all "@domain": it applies to addresses of the domain that are neither an account
-- nor an alias. A domain's aliases go with the domain.
CREATE TABLE aliases (
    id          BIGSERIAL PRIMARY KEY,
    domain_id   BIGINT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    local_part  TEXT NOT NULL,                -- case-folded like accounts.local_part; '' = catch-all
    targets     TEXT[] NOT NULL,              -- case-folded addresses: accounts, other aliases, remote
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (domain_id, local_part)
);

-- Quota of the domain's accounts whose own quota_bytes is 0 (Dovecot's default quota rule); 0 = no limit.
ALTER TABLE domains ADD COLUMN default_quota_bytes BIGINT NOT NULL DEFAULT 0;
