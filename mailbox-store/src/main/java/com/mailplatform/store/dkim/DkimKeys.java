package com.mailplatform.store.dkim;

import com.mailplatform.common.grpc.mailbox.DkimKey;
import com.mailplatform.common.grpc.mailbox.SigningKey;
import com.mailplatform.store.Worker;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.KeyPair;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The {@code mailbox.dkim_keys} table: keys made, listed, rotated and deleted by operators, read by delivery. */
@ApplicationScoped
public class DkimKeys {

    private final Pool pool;

    public DkimKeys(Pool pool) {
        this.pool = pool;
    }

    /**
     * A new active key. Without {@code rotate} the domain must not have an active key of the algorithm yet (so a
     * repeated create cannot silently replace a published key); with it, that key is retired in the same transaction.
     */
    public Uni<DkimKey> create(String domainName, String algorithmTag, String selector, boolean rotate) {
        String domain = normalize(domainName);
        DkimAlgorithm algorithm = DkimAlgorithm.of(algorithmTag).orElse(null);
        if (algorithm == null) {
            return Uni.createFrom().failure(invalid("unknown DKIM algorithm '" + algorithmTag + "'; use rsa-sha256 or ed25519-sha256"));
        }
        String wanted;
        try {
            wanted = selector == null || selector.isBlank() ? null : Selectors.validate(selector, domain);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(invalid(e.getMessage()));
        }
        // RSA key generation takes tens of milliseconds: never on the event loop.
        return Worker.offload(algorithm::generate)
                .flatMap(pair -> pool.withTransaction(conn -> insert(conn, domain, algorithm, wanted, rotate, pair)));
    }

    private Uni<DkimKey> insert(SqlConnection conn, String domain, DkimAlgorithm algorithm, String wanted, boolean rotate, KeyPair pair) {
        // FOR UPDATE serializes key changes of one domain, so two rotations cannot both find the same free selector.
        return conn.preparedQuery("SELECT id FROM mailbox.domains WHERE name = $1 FOR UPDATE").execute(Tuple.of(domain))
                .flatMap(d -> {
                    if (d.size() == 0) {
                        return Uni.createFrom().failure(notFound("domain " + domain + " does not exist"));
                    }
                    long domainId = d.iterator().next().getLong(0);
                    return conn.preparedQuery("SELECT selector, algorithm, retired_at FROM mailbox.dkim_keys WHERE domain_id = $1")
                            .execute(Tuple.of(domainId))
                            .flatMap(existing -> {
                                Set<String> taken = new HashSet<>();
                                String active = null;
                                for (Row r : existing) {
                                    taken.add(r.getString(0));
                                    if (algorithm.tag().equals(r.getString(1)) && r.getValue(2) == null) {
                                        active = r.getString(0);
                                    }
                                }
                                if (active != null && !rotate) {
                                    return Uni.createFrom().failure(Status.FAILED_PRECONDITION.withDescription("domain " + domain
                                            + " already has an active " + algorithm.tag() + " key (selector " + active + "); rotate it to replace it")
                                            .asRuntimeException());
                                }
                                if (wanted != null && taken.contains(wanted)) {
                                    return Uni.createFrom().failure(Status.ALREADY_EXISTS.withDescription("domain " + domain
                                            + " already has a DKIM key with selector " + wanted).asRuntimeException());
                                }
                                String sel = wanted != null ? wanted : Selectors.defaultSelector(algorithm, YearMonth.now(ZoneOffset.UTC), taken);
                                byte[] pub = pair.getPublic().getEncoded();
                                return conn.preparedQuery("UPDATE mailbox.dkim_keys SET retired_at = now()"
                                                + " WHERE domain_id = $1 AND algorithm = $2 AND retired_at IS NULL")
                                        .execute(Tuple.of(domainId, algorithm.tag()))
                                        .flatMap(retired -> conn.preparedQuery("INSERT INTO mailbox.dkim_keys"
                                                        + " (domain_id, selector, algorithm, private_key, public_key) VALUES ($1, $2, $3, $4, $5)"
                                                        + " RETURNING created_at")
                                                .execute(Tuple.of(domainId, sel, algorithm.tag(), Buffer.buffer(pair.getPrivate().getEncoded()),
                                                        Buffer.buffer(pub))))
                                        .map(rows -> toProto(domain, sel, algorithm, pub, rows.iterator().next().getOffsetDateTime(0), null));
                            });
                });
    }

    /** Every key of the domain, active first, then newest first. NOT_FOUND for an unknown domain. */
    public Uni<List<DkimKey>> list(String domainName) {
        String domain = normalize(domainName);
        return pool.preparedQuery("SELECT k.selector, k.algorithm, k.public_key, k.created_at, k.retired_at FROM mailbox.domains d"
                        + " LEFT JOIN mailbox.dkim_keys k ON k.domain_id = d.id WHERE d.name = $1"
                        + " ORDER BY k.retired_at IS NOT NULL, k.created_at DESC, k.selector")
                .execute(Tuple.of(domain))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound("domain " + domain + " does not exist");
                    }
                    List<DkimKey> out = new ArrayList<>();
                    for (Row r : rows) {
                        if (r.getString(0) != null) {
                            out.add(toProto(domain, r.getString(0), DkimAlgorithm.of(r.getString(1)).orElseThrow(),
                                    r.getBuffer(2).getBytes(), r.getOffsetDateTime(3), r.getOffsetDateTime(4)));
                        }
                    }
                    return out;
                });
    }

    public Uni<Boolean> delete(String domainName, String selector) {
        String domain = normalize(domainName);
        String sel = selector == null ? "" : selector.trim().toLowerCase(Locale.ROOT);
        return pool.preparedQuery("DELETE FROM mailbox.dkim_keys k USING mailbox.domains d"
                        + " WHERE k.domain_id = d.id AND d.name = $1 AND k.selector = $2")
                .execute(Tuple.of(domain, sel))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw notFound("domain " + domain + " has no DKIM key with selector '" + sel + "'");
                    }
                    return true;
                });
    }

    /** The active keys of a domain, RSA first; none for a domain that has none or does not exist. */
    public Uni<List<SigningKey>> signingKeys(String domainName) {
        return pool.preparedQuery("SELECT k.selector, k.algorithm, k.private_key FROM mailbox.dkim_keys k"
                        + " JOIN mailbox.domains d ON d.id = k.domain_id WHERE d.name = $1 AND k.retired_at IS NULL"
                        + " ORDER BY k.algorithm DESC")
                .execute(Tuple.of(normalize(domainName)))
                .map(DkimKeys::signingKeys);
    }

    private static List<SigningKey> signingKeys(RowSet<Row> rows) {
        List<SigningKey> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(SigningKey.newBuilder().setSelector(r.getString(0)).setAlgorithm(r.getString(1))
                    .setPrivateKeyPkcs8(ByteString.copyFrom(r.getBuffer(2).getBytes())).build());
        }
        return out;
    }

    private static DkimKey toProto(String domain, String selector, DkimAlgorithm algorithm, byte[] publicKey,
                                   OffsetDateTime created, OffsetDateTime retired) {
        return DkimKey.newBuilder().setDomain(domain).setSelector(selector).setAlgorithm(algorithm.tag())
                .setActive(retired == null).setCreatedMillis(created.toInstant().toEpochMilli())
                .setRetiredMillis(retired == null ? 0 : retired.toInstant().toEpochMilli())
                .setDnsName(Selectors.dnsName(selector, domain)).setTxtRecord(algorithm.txtRecord(publicKey)).build();
    }

    private static String normalize(String domain) {
        String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    private static RuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static RuntimeException notFound(String message) {
        return Status.NOT_FOUND.withDescription(message).asRuntimeException();
    }
}
