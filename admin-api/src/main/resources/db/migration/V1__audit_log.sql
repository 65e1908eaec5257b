-- admin-api's own schema "admin": who changed what, when, with the state before and after. No mail data.
CREATE TABLE audit_log (
    id      BIGSERIAL PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor   TEXT NOT NULL,          -- the token's subject (OIDC "sub"/"preferred_username"), or static-token
    action  TEXT NOT NULL,          -- e.g. account.create, alias.delete, queue.hold
    target  TEXT NOT NULL,          -- what it was done to: an address, a domain, a queue id
    before  JSONB,                  -- null for creations
    after   JSONB                   -- null for deletions
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target);
