-- DKIM signing keys per domain (RFC 6376; ed25519-sha256 from RFC 8463). delivery-service signs outbound mail of
-- a domain with every active key (at most one per algorithm); retired keys stay listed so the operator can keep
-- their TXT record published until mail signed with them has been verified. Keys go with their domain.
CREATE TABLE dkim_keys (
    id           BIGSERIAL PRIMARY KEY,
    domain_id    BIGINT NOT NULL REFERENCES domains(id) ON DELETE CASCADE,
    selector     TEXT NOT NULL,                 -- lower case; RFC 6376 section 3.1 syntax
    algorithm    TEXT NOT NULL CHECK (algorithm IN ('rsa-sha256', 'ed25519-sha256')),
    private_key  BYTEA NOT NULL,                -- PKCS#8 DER
    public_key   BYTEA NOT NULL,                -- X.509 SubjectPublicKeyInfo DER
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    retired_at   TIMESTAMPTZ,                   -- NULL = active
    UNIQUE (domain_id, selector)
);

-- One active key per domain and algorithm: a rotation retires the old one in the same transaction.
CREATE UNIQUE INDEX dkim_keys_active ON dkim_keys (domain_id, algorithm) WHERE retired_at IS NULL;
