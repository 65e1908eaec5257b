-- Issue 14: subscriptions are names, not folders. RFC 3501 section 6.3.6 / RFC 9051 section 6.3.7: the server
-- must not remove a subscription because its mailbox is deleted, RENAME leaves subscriptions alone (RFC 9051
-- section 6.3.6), and a name may be subscribed that no mailbox has (LIST-EXTENDED then reports it
-- "\Subscribed \NonExistent", RFC 5258 section 3). So they get their own table keyed by name.
CREATE TABLE subscriptions (
    account_id  BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
);

INSERT INTO subscriptions (account_id, name) SELECT account_id, name FROM mailboxes WHERE subscribed
    ON CONFLICT DO NOTHING;

-- mailboxes.subscribed now only means "subscribe its name when the row is made" (INBOX and the special-use
-- folders of new accounts, made by the admin service through Hibernate); IMAP CREATE no longer subscribes
-- (as Dovecot), so the default becomes false. The subscriptions table is the truth from here on.
ALTER TABLE mailboxes ALTER COLUMN subscribed SET DEFAULT FALSE;

CREATE FUNCTION subscribe_new_mailbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO mailbox.subscriptions (account_id, name) VALUES (NEW.account_id, NEW.name) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER mailboxes_subscribe AFTER INSERT ON mailboxes FOR EACH ROW WHEN (NEW.subscribed)
    EXECUTE FUNCTION subscribe_new_mailbox();

-- Names are stored as the mailbox's real (UTF-8) name from now on; the gateway speaks modified UTF-7 (RFC 3501
-- section 5.1.3) to rev1 clients and UTF-8 to rev2 / UTF8=ACCEPT ones. Before, a rev1 client's spelling was
-- stored as sent, so names with a valid modified UTF-7 shift are decoded once here. NULL = not modified UTF-7
-- (such a name, e.g. "R&D" from a lax client, is left as it is: it was never meant as an encoding).
CREATE FUNCTION mutf7_decode(s TEXT) RETURNS TEXT LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    res TEXT := '';
    i INT := 1;
    j INT;
    seg TEXT;
    b BYTEA;
    k INT;
    u INT;
    lo INT;
BEGIN
    WHILE i <= length(s) LOOP
        IF substr(s, i, 1) <> '&' THEN
            IF ascii(substr(s, i, 1)) > 126 THEN
                RETURN NULL;
            END IF;
            res := res || substr(s, i, 1);
            i := i + 1;
            CONTINUE;
        END IF;
        j := strpos(substr(s, i + 1), '-');
        IF j = 0 THEN
            RETURN NULL;
        END IF;
        seg := substr(s, i + 1, j - 1);
        i := i + j + 1;
        IF seg = '' THEN
            res := res || '&';
            CONTINUE;
        END IF;
        IF seg !~ '^[A-Za-z0-9+,]+$' OR length(seg) % 4 = 1 THEN
            RETURN NULL;
        END IF;
        seg := replace(seg, ',', '/');
        b := decode(seg || repeat('=', (4 - length(seg) % 4) % 4), 'base64');
        IF length(b) % 2 <> 0 THEN
            RETURN NULL;
        END IF;
        k := 0;
        WHILE k < length(b) LOOP
            u := get_byte(b, k) * 256 + get_byte(b, k + 1);
            k := k + 2;
            IF u BETWEEN 55296 AND 56319 THEN
                IF k >= length(b) THEN
                    RETURN NULL;
                END IF;
                lo := get_byte(b, k) * 256 + get_byte(b, k + 1);
                k := k + 2;
                IF lo NOT BETWEEN 56320 AND 57343 THEN
                    RETURN NULL;
                END IF;
                u := 65536 + (u - 55296) * 1024 + (lo - 56320);
            ELSIF u BETWEEN 56320 AND 57343 OR u BETWEEN 32 AND 126 OR u = 0 THEN
                RETURN NULL;
            END IF;
            res := res || chr(u);
        END LOOP;
    END LOOP;
    RETURN res;
END $$;

-- only where the decoded name is free in the account (never two rows onto one name)
UPDATE mailboxes m SET name = mutf7_decode(m.name)
 WHERE m.name LIKE '%&%' AND mutf7_decode(m.name) IS NOT NULL AND mutf7_decode(m.name) <> m.name
   AND (SELECT count(*) FROM mailboxes y WHERE y.account_id = m.account_id
          AND (y.name = mutf7_decode(m.name) OR (y.name LIKE '%&%' AND mutf7_decode(y.name) = mutf7_decode(m.name)))) = 1;
UPDATE subscriptions s SET name = mutf7_decode(s.name)
 WHERE s.name LIKE '%&%' AND mutf7_decode(s.name) IS NOT NULL AND mutf7_decode(s.name) <> s.name
   AND (SELECT count(*) FROM subscriptions y WHERE y.account_id = s.account_id
          AND (y.name = mutf7_decode(s.name) OR (y.name LIKE '%&%' AND mutf7_decode(y.name) = mutf7_decode(s.name)))) = 1;
