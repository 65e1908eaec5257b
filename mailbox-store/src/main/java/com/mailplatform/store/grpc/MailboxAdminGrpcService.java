package com.mailplatform.store.grpc;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.grpc.mailbox.Account;
import com.mailplatform.common.grpc.mailbox.AccountPage;
import com.mailplatform.common.grpc.mailbox.CreateAccountRequest;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.DeleteAccountRequest;
import com.mailplatform.common.grpc.mailbox.DeleteDomainRequest;
import com.mailplatform.common.grpc.mailbox.Deleted;
import com.mailplatform.common.grpc.mailbox.Domain;
import com.mailplatform.common.grpc.mailbox.DomainPage;
import com.mailplatform.common.grpc.mailbox.GetAccountRequest;
import com.mailplatform.common.grpc.mailbox.ListAccountsRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.PageRequest;
import com.mailplatform.common.grpc.mailbox.SetPasswordRequest;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.Worker;
import com.mailplatform.store.delivery.AccountRef;
import com.mailplatform.store.imap.SpecialUse;
import com.mailplatform.store.model.AccountEntity;
import com.mailplatform.store.model.DomainEntity;
import com.mailplatform.store.model.MailboxEntity;
import com.mailplatform.store.password.PasswordHasher;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Locale;

/** Domains and accounts, for admin-api. Validation errors are INVALID_ARGUMENT with a message fit for operators. */
@GrpcService
public class MailboxAdminGrpcService implements MailboxAdmin {

    static final int MAX_PAGE = 1000;
    /** bcrypt reads at most 72 bytes of a password; longer ones would be silently truncated, so refuse them. */
    static final int MAX_PASSWORD_BYTES = 72;
    static final int MIN_PASSWORD_CHARS = 8;

    private final PasswordHasher hasher;
    private final StoreConfig config;

    public MailboxAdminGrpcService(PasswordHasher hasher, StoreConfig config) {
        this.hasher = hasher;
        this.config = config;
    }

    @Override
    public Uni<Domain> createDomain(CreateDomainRequest request) {
        String name;
        try {
            name = domainName(request.getName());
        } catch (AddressException e) {
            return Uni.createFrom().failure(invalid("invalid domain name '" + request.getName() + "': " + e.getMessage()));
        }
        return Panache.withTransaction(() -> DomainEntity.<DomainEntity>find("name", name).firstResult()
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().failure(Status.ALREADY_EXISTS.withDescription("domain " + name + " already exists").asRuntimeException());
                    }
                    DomainEntity d = new DomainEntity();
                    d.name = name;
                    d.createdAt = OffsetDateTime.now();
                    return d.<DomainEntity>persist();
                }))
                .map(MailboxAdminGrpcService::toProto);
    }

    @Override
    public Uni<DomainPage> listDomains(PageRequest request) {
        int offset = Math.max(0, request.getOffset());
        int limit = limit(request.getLimit());
        return Panache.withSession(() -> DomainEntity.<DomainEntity>findAll(Sort.by("name")).range(offset, offset + limit - 1).list()
                .flatMap(items -> DomainEntity.count().map(total -> {
                    DomainPage.Builder page = DomainPage.newBuilder().setTotal(total);
                    items.forEach(d -> page.addItems(toProto(d)));
                    return page.build();
                })));
    }

    @Override
    public Uni<Deleted> deleteDomain(DeleteDomainRequest request) {
        String name;
        try {
            name = domainName(request.getName());
        } catch (AddressException e) {
            // No such domain can exist (createDomain refuses it); not queried, since PostgreSQL fails opaquely on a NUL.
            // NOT_FOUND as before, which the operator's finalizer takes as "already gone".
            return Uni.createFrom().failure(notFound("domain '" + request.getName() + "' does not exist"));
        }
        return Panache.withTransaction(() -> DomainEntity.<DomainEntity>find("name", name).firstResult()
                .flatMap(d -> {
                    if (d == null) {
                        return Uni.createFrom().failure(notFound("domain " + name + " does not exist"));
                    }
                    return AccountEntity.count("domain", d).flatMap(n -> {
                        if (n > 0) {
                            return Uni.createFrom().failure(Status.FAILED_PRECONDITION
                                    .withDescription("domain " + name + " still has " + n + " account(s); delete them first").asRuntimeException());
                        }
                        return d.delete().replaceWith(Deleted.newBuilder().setDeleted(true).build());
                    });
                }));
    }

    @Override
    public Uni<Account> createAccount(CreateAccountRequest request) {
        AccountRef ref;
        try {
            ref = AccountRef.of(request.getAddress());
        } catch (AddressException e) {
            return Uni.createFrom().failure(invalid("invalid address '" + request.getAddress() + "': " + e.getMessage()));
        }
        long quota = request.getQuotaBytes() > 0 ? request.getQuotaBytes() : config.defaultQuotaBytes();
        return storedHash(request.getPassword(), request.getPasswordHash())
                .flatMap(hash -> Panache.withTransaction(() -> DomainEntity.<DomainEntity>find("name", ref.domain()).firstResult()
                        .flatMap(domain -> {
                            if (domain == null) {
                                return Uni.createFrom().failure(notFound("domain " + ref.domain() + " does not exist; create it first"));
                            }
                            return AccountEntity.<AccountEntity>find("domain = ?1 and localPart = ?2", domain, ref.localPart()).firstResult()
                                    .flatMap(existing -> {
                                        if (existing != null) {
                                            return Uni.createFrom().failure(Status.ALREADY_EXISTS
                                                    .withDescription("account " + ref.address() + " already exists").asRuntimeException());
                                        }
                                        AccountEntity a = new AccountEntity();
                                        a.domain = domain;
                                        a.localPart = ref.localPart();
                                        a.passwordHash = hash;
                                        a.quotaBytes = quota;
                                        a.createdAt = OffsetDateTime.now();
                                        return a.<AccountEntity>persist().flatMap(saved -> inbox(saved).replaceWith(saved));
                                    });
                        })))
                .map(MailboxAdminGrpcService::toProto);
    }

    private static Uni<MailboxEntity> inbox(AccountEntity account) {
        MailboxEntity m = new MailboxEntity();
        m.accountId = account.id;
        m.name = MailboxEntity.INBOX;
        m.uidvalidity = System.currentTimeMillis() / 1000;
        m.uidnext = 1;
        m.highestmodseq = 1;
        m.subscribed = true;
        // RFC 6154 special-use folders come with every new account (older accounts get them on first IMAP use)
        java.util.List<MailboxEntity> all = new java.util.ArrayList<>(java.util.List.of(m));
        SpecialUse.FOLDERS.forEach((name, use) -> {
            MailboxEntity f = new MailboxEntity();
            f.accountId = account.id;
            f.name = name;
            f.specialUse = use;
            f.uidvalidity = m.uidvalidity;
            f.uidnext = 1;
            f.highestmodseq = 1;
            f.subscribed = true;
            all.add(f);
        });
        return MailboxEntity.persist(all).replaceWith(m);
    }

    @Override
    public Uni<AccountPage> listAccounts(ListAccountsRequest request) {
        int offset = Math.max(0, request.getOffset());
        int limit = limit(request.getLimit());
        String domain = request.getDomain().trim().toLowerCase(Locale.ROOT);
        Sort sort = switch (request.getOrder()) {
            case "", "address" -> Sort.by("domain.name").and("localPart");
            // a scan of the accounts table, no index: used_bytes changes with every delivery, an index would tax them all
            case "usage" -> Sort.by("usedBytes", Sort.Direction.Descending).and("domain.name").and("localPart");
            default -> null;
        };
        if (sort == null) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("order must be address or usage").asRuntimeException());
        }
        return Panache.withSession(() -> {
            var query = domain.isEmpty()
                    ? AccountEntity.<AccountEntity>findAll(sort)
                    : AccountEntity.<AccountEntity>find("domain.name", sort, domain);
            return query.range(offset, offset + limit - 1).list()
                    .flatMap(items -> query.count().map(total -> {
                        AccountPage.Builder page = AccountPage.newBuilder().setTotal(total);
                        items.forEach(a -> page.addItems(toProto(a)));
                        return page.build();
                    }));
        });
    }

    @Override
    public Uni<Account> getAccount(GetAccountRequest request) {
        AccountRef ref = AccountRef.orNull(request.getAddress());
        if (ref == null) {
            return Uni.createFrom().failure(invalid("invalid address '" + request.getAddress() + "'"));
        }
        return Panache.withSession(() -> find(ref)).map(MailboxAdminGrpcService::toProto);
    }

    @Override
    public Uni<Deleted> deleteAccount(DeleteAccountRequest request) {
        AccountRef ref = AccountRef.orNull(request.getAddress());
        if (ref == null) {
            return Uni.createFrom().failure(invalid("invalid address '" + request.getAddress() + "'"));
        }
        // Mailboxes, messages, delivery keys and locks go with the account (ON DELETE CASCADE in V1).
        return Panache.withTransaction(() -> find(ref).flatMap(a -> a.delete()))
                .replaceWith(Deleted.newBuilder().setDeleted(true).build());
    }

    @Override
    public Uni<Account> setPassword(SetPasswordRequest request) {
        AccountRef ref = AccountRef.orNull(request.getAddress());
        if (ref == null) {
            return Uni.createFrom().failure(invalid("invalid address '" + request.getAddress() + "'"));
        }
        return storedHash(request.getPassword(), request.getPasswordHash())
                .flatMap(hash -> Panache.withTransaction(() -> find(ref).map(a -> {
                    a.passwordHash = hash;
                    return a;
                })))
                .map(MailboxAdminGrpcService::toProto);
    }

    /**
     * What to store for a password given in clear (hashed here, on a worker thread) or as an existing hash in
     * Dovecot's syntax (vetted, see PasswordHasher#importable): exactly one of the two.
     */
    private Uni<String> storedHash(String password, String passwordHash) {
        try {
            if (!passwordHash.isEmpty()) {
                if (!password.isEmpty()) {
                    throw new IllegalArgumentException("give either a password or a password hash, not both");
                }
                return Uni.createFrom().item(hasher.importable(passwordHash));
            }
            checkPassword(password);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(invalid(e.getMessage()));
        }
        return Worker.offload(() -> hasher.hash(password));
    }

    private static Uni<AccountEntity> find(AccountRef ref) {
        return AccountEntity.<AccountEntity>find("domain.name = ?1 and localPart = ?2", ref.domain(), ref.localPart()).firstResult()
                .onItem().ifNull().failWith(() -> notFound("account " + ref.address() + " does not exist"));
    }

    /**
     * A domain name of two labels or more, lower case, a U-label stored as its A-label (the form AccountRef looks
     * domains up by); spaces around it are forgiven, nothing else (see AccountRef).
     */
    static String domainName(String raw) throws AddressException {
        String name = raw.replaceAll("^ +| +$", "").toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.startsWith("[") || !name.contains(".")) {
            throw new AddressException("a domain name needs at least two labels");
        }
        return MailAddress.asciiDomain(name);
    }

    static void checkPassword(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_CHARS) {
            throw new IllegalArgumentException("password must have at least " + MIN_PASSWORD_CHARS + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
    }

    static int limit(int requested) {
        return requested <= 0 ? 100 : Math.min(requested, MAX_PAGE);
    }

    private static RuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static RuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }

    static Domain toProto(DomainEntity d) {
        return Domain.newBuilder().setName(d.name).setCreatedMillis(d.createdAt.toInstant().toEpochMilli()).build();
    }

    static Account toProto(AccountEntity a) {
        return Account.newBuilder().setAddress(a.address()).setQuotaBytes(a.quotaBytes).setUsedBytes(a.usedBytes)
                .setDisabled(a.disabled).setCreatedMillis(a.createdAt.toInstant().toEpochMilli()).build();
    }
}
