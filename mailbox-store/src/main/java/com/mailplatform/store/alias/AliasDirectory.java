package com.mailplatform.store.alias;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.grpc.mailbox.Alias;
import com.mailplatform.common.grpc.mailbox.AliasPage;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.delivery.AccountRef;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code mailbox.aliases} table: look-ups for delivery and RCPT, and the admin operations. */
@ApplicationScoped
public class AliasDirectory {

    /** Bound on one alias's target list; a longer list is a mailing list, which is not what aliases are for. */
    public static final int MAX_TARGETS = 1000;

    private final Pool pool;
    private final StoreConfig config;

    public AliasDirectory(Pool pool, StoreConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Everything {@link AliasLookup#decide()} needs about one address, in one round trip. */
    public Uni<AliasLookup> lookup(AccountRef ref) {
        return pool.preparedQuery("SELECT (SELECT targets FROM mailbox.aliases WHERE domain_id = d.id AND local_part = $2),"
                        + " (SELECT disabled FROM mailbox.accounts WHERE domain_id = d.id AND local_part = $2),"
                        + " (SELECT targets FROM mailbox.aliases WHERE domain_id = d.id AND local_part = '')"
                        + " FROM mailbox.domains d WHERE d.name = $1")
                .execute(Tuple.of(ref.domain(), ref.localPart()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return AliasLookup.NOT_LOCAL;
                    }
                    Row r = rows.iterator().next();
                    return new AliasLookup(true, list(r.getArrayOfStrings(0)), r.getBoolean(1), list(r.getArrayOfStrings(2)));
                });
    }

    public Uni<List<String>> expand(String address) {
        AccountRef start;
        try {
            start = AccountRef.of(address);
        } catch (AddressException e) {
            return Uni.createFrom().failure(invalid("invalid address '" + address + "': " + e.getMessage()));
        }
        return new AliasExpansion(a -> lookup(AccountRef.orNull(a)), config.virtualAliasRecursionLimit(),
                config.virtualAliasExpansionLimit()).expand(start.address());
    }

    public Uni<Alias> create(Alias request) {
        AliasAddress alias;
        List<String> targets;
        try {
            alias = AliasAddress.parse(request.getAddress());
            targets = targets(request.getTargetsList());
        } catch (AddressException e) {
            return Uni.createFrom().failure(invalid("invalid alias '" + request.getAddress() + "': " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(invalid(e.getMessage()));
        }
        return pool.preparedQuery("INSERT INTO mailbox.aliases (domain_id, local_part, targets)"
                        + " SELECT id, $2, $3 FROM mailbox.domains WHERE name = $1"
                        + " ON CONFLICT (domain_id, local_part) DO NOTHING RETURNING created_at")
                .execute(Tuple.of(alias.domain(), alias.localPart(), targets.toArray(new String[0])))
                .flatMap(rows -> {
                    if (rows.size() == 1) {
                        return Uni.createFrom().item(toProto(alias, targets, rows.iterator().next()));
                    }
                    return domainExists(alias.domain()).map(exists -> {
                        throw exists
                                ? Status.ALREADY_EXISTS.withDescription("alias " + display(alias) + " already exists").asRuntimeException()
                                : notFound("domain " + alias.domain() + " does not exist; create it first");
                    });
                });
    }

    public Uni<AliasPage> list(String domainFilter, int offset, int limit) {
        String domain = domainFilter == null ? "" : domainFilter.trim().toLowerCase(java.util.Locale.ROOT);
        String where = domain.isEmpty() ? "" : " WHERE d.name = $3";
        Tuple args = domain.isEmpty() ? Tuple.of(limit, offset) : Tuple.of(limit, offset, domain);
        return pool.preparedQuery("SELECT d.name, a.local_part, a.targets, a.created_at, count(*) OVER () FROM mailbox.aliases a"
                        + " JOIN mailbox.domains d ON d.id = a.domain_id" + where
                        + " ORDER BY d.name, a.local_part LIMIT $1 OFFSET $2")
                .execute(args)
                .flatMap(rows -> {
                    AliasPage.Builder page = AliasPage.newBuilder();
                    long total = -1;
                    for (Row r : rows) {
                        total = r.getLong(4);
                        page.addItems(toProto(new AliasAddress(r.getString(1), r.getString(0)), Arrays.asList(r.getArrayOfStrings(2)), r));
                    }
                    if (total >= 0) {
                        return Uni.createFrom().item(page.setTotal(total).build());
                    }
                    // An offset past the end returns no rows, hence no window count: count separately.
                    return pool.preparedQuery("SELECT count(*) FROM mailbox.aliases a JOIN mailbox.domains d ON d.id = a.domain_id"
                                    + (domain.isEmpty() ? "" : " WHERE d.name = $1"))
                            .execute(domain.isEmpty() ? Tuple.tuple() : Tuple.of(domain))
                            .map(c -> page.setTotal(c.iterator().next().getLong(0)).build());
                });
    }

    public Uni<Boolean> delete(String address) {
        AliasAddress alias;
        try {
            alias = AliasAddress.parse(address);
        } catch (AddressException e) {
            return Uni.createFrom().failure(invalid("invalid alias '" + address + "': " + e.getMessage()));
        }
        return pool.preparedQuery("DELETE FROM mailbox.aliases a USING mailbox.domains d"
                        + " WHERE a.domain_id = d.id AND d.name = $1 AND a.local_part = $2")
                .execute(Tuple.of(alias.domain(), alias.localPart()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw notFound("alias " + display(alias) + " does not exist");
                    }
                    return true;
                });
    }

    private Uni<Boolean> domainExists(String domain) {
        return pool.preparedQuery("SELECT 1 FROM mailbox.domains WHERE name = $1").execute(Tuple.of(domain)).map(r -> r.size() > 0);
    }

    /** Validates, case-folds and de-duplicates (keeping order) the targets. */
    static List<String> targets(List<String> raw) throws AddressException {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("an alias needs at least one target");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String t : raw) {
            try {
                out.add(AccountRef.of(t).address());
            } catch (AddressException e) {
                throw new IllegalArgumentException("invalid target '" + t + "': " + e.getMessage());
            }
        }
        if (out.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("an alias has at most " + MAX_TARGETS + " targets");
        }
        return new ArrayList<>(out);
    }

    static String display(AliasAddress a) {
        return a.catchAll() ? "@" + a.domain() : a.address();
    }

    private static Alias toProto(AliasAddress a, List<String> targets, Row r) {
        return Alias.newBuilder().setAddress(display(a)).addAllTargets(targets)
                .setCreatedMillis(r.getOffsetDateTime("created_at").toInstant().toEpochMilli()).build();
    }

    private static List<String> list(String[] values) {
        return values == null ? null : List.of(values);
    }

    private static RuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static RuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }
}
