package com.mailplatform.store.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "messages", schema = "mailbox")
public class MessageEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "mailbox_id", nullable = false)
    public Long mailboxId;

    @Column(nullable = false)
    public long uid;

    @Column(nullable = false)
    public long modseq;

    @Column(columnDefinition = "text[]", nullable = false)
    public String[] flags;

    @Column(name = "internal_date", nullable = false)
    public OffsetDateTime internalDate;

    @Column(nullable = false)
    public long size;

    @Column(name = "blob_id", nullable = false)
    public String blobId;
}
