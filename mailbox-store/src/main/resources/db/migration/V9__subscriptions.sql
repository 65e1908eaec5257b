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
