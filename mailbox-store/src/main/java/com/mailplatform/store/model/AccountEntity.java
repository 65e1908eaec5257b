package com.mailplatform.store.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "accounts", schema = "mailbox")
public class AccountEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "domain_id")
    public DomainEntity domain;

    @Column(name = "local_part", nullable = false)
    public String localPart;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(name = "quota_bytes", nullable = false)
    public long quotaBytes;

    @Column(name = "used_bytes", nullable = false)
    public long usedBytes;

    @Column(nullable = false)
    public boolean disabled;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    public String address() {
        return localPart + "@" + domain.name;
    }
}
