package com.mailplatform.store.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A folder of an account; UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ as RFC 9051 and RFC 7162 define them. */
@Entity
@Table(name = "mailboxes", schema = "mailbox")
public class MailboxEntity extends PanacheEntityBase {
    public static final String INBOX = "INBOX";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "account_id", nullable = false)
    public Long accountId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public long uidvalidity;

    @Column(nullable = false)
    public long uidnext;

    @Column(nullable = false)
    public long highestmodseq;

    @Column(name = "special_use")
    public String specialUse;

    @Column(nullable = false)
    public boolean subscribed;
}
