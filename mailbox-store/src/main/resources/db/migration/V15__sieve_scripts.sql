-- sieve part (issue 17): Sieve scripts per account (RFC 5228), edited over ManageSieve (RFC 5804). At most one
-- active script per account (RFC 5804 section 1.1), enforced by the partial unique index. A new table: nothing
-- existing is rewritten or locked.
CREATE TABLE sieve_scripts (
    account_id  BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    content     TEXT NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, name)
);
CREATE UNIQUE INDEX sieve_scripts_one_active ON sieve_scripts(account_id) WHERE active;
