package com.mailplatform.store.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Raw RFC 5322 message bytes, keyed by their SHA-256. */
@Entity
@Table(name = "blobs", schema = "mailbox")
public class BlobEntity extends PanacheEntityBase {
    @Id
    public String id;

    @Column(nullable = false)
    public long size;

    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    public byte[] content;
}
