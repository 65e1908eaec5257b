package com.mailplatform.store.sieve;

import com.mailplatform.common.grpc.mailbox.SieveScript;
import com.mailplatform.common.grpc.mailbox.SieveScriptInfo;
import com.mailplatform.common.grpc.mailbox.SieveScriptList;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.delivery.AccountRef;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * mailbox.sieve_scripts: an account's Sieve scripts, at most one active (RFC 5804 section 1.1). Every change runs in
 * one transaction that locks the account's row first, so the script count and the single active script stay true
 * under concurrent ManageSieve sessions.
 */
@ApplicationScoped
public class SieveScripts {

    private static final String ACCOUNT = "SELECT a.id FROM mailbox.accounts a JOIN mailbox.domains d ON d.id = a.domain_id"
            + " WHERE d.name = $1 AND a.local_part = $2";

    private final Pool pool;
    private final int maxScripts;
    private final long maxBytes;

    public SieveScripts(Pool pool, StoreConfig config) {
        this.pool = pool;
        this.maxScripts = config.sieveMaxScripts();
        this.maxBytes = config.sieveMaxScriptBytes();
    }

    public Uni<SieveScriptList> list(String account) {
        return accountId(pool, account, false).flatMap(id -> list(pool, id));
    }

    public Uni<SieveScript> get(String account, String name) {
        return accountId(pool, account, false).flatMap(id -> pool.preparedQuery(
                        "SELECT content, active FROM mailbox.sieve_scripts WHERE account_id = $1 AND name = $2")
                .execute(Tuple.of(id, name)).map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(name);
                    }
                    Row r = rows.iterator().next();
                    return SieveScript.newBuilder().setAccount(account).setName(name).setContent(r.getString(0))
                            .setActive(r.getBoolean(1)).build();
                }));
    }

    public Uni<SieveScriptList> put(String account, String name, String content) {
        long size = content.getBytes(StandardCharsets.UTF_8).length;
        return pool.withTransaction(tx -> accountId(tx, account, true)
                .flatMap(id -> space(tx, id, name, size).replaceWith(id))
                .flatMap(id -> tx.preparedQuery("INSERT INTO mailbox.sieve_scripts (account_id, name, content) VALUES ($1, $2, $3)"
                                + " ON CONFLICT (account_id, name) DO UPDATE SET content = excluded.content, updated_at = now()")
                        .execute(Tuple.of(id, name, content)).flatMap(x -> list(tx, id))));
    }

    /** HAVESPACE: fails with RESOURCE_EXHAUSTED like PUTSCRIPT would. */
    public Uni<SieveScriptList> haveSpace(String account, String name, long size) {
        return accountId(pool, account, false).flatMap(id -> space(pool, id, name, size).flatMap(x -> list(pool, id)));
    }

    private Uni<Void> space(SqlClient c, long accountId, String name, long size) {
        String bad = ScriptNames.problem(name);
        if (bad != null) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(bad).asRuntimeException());
        }
        if (size > maxBytes) {
            return Uni.createFrom().failure(Status.RESOURCE_EXHAUSTED
                    .withDescription("maxsize: scripts are limited to " + maxBytes + " bytes").asRuntimeException());
        }
        return c.preparedQuery("SELECT count(*), count(*) FILTER (WHERE name = $2) FROM mailbox.sieve_scripts WHERE account_id = $1")
                .execute(Tuple.of(accountId, name)).map(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getLong(1) == 0 && r.getLong(0) >= maxScripts) {
                        throw Status.RESOURCE_EXHAUSTED.withDescription("maxscripts: at most " + maxScripts + " scripts")
                                .asRuntimeException();
                    }
                    return null;
                });
    }

    /** RFC 5804 section 2.8: activating one deactivates the others; "" deactivates all. */
    public Uni<SieveScriptList> setActive(String account, String name) {
        return pool.withTransaction(tx -> accountId(tx, account, true).flatMap(id -> tx.preparedQuery(
                        "UPDATE mailbox.sieve_scripts SET active = FALSE WHERE account_id = $1 AND active AND name <> $2")
                .execute(Tuple.of(id, name))
                .flatMap(x -> name.isEmpty() ? Uni.createFrom().voidItem()
                        : tx.preparedQuery("UPDATE mailbox.sieve_scripts SET active = TRUE WHERE account_id = $1 AND name = $2")
                        .execute(Tuple.of(id, name)).map(r -> {
                            if (r.rowCount() == 0) {
                                throw notFound(name);
                            }
                            return null;
                        }).replaceWithVoid())
                .flatMap(x -> list(tx, id))));
    }

    /** RFC 5804 section 2.10: the active script cannot be deleted. */
    public Uni<SieveScriptList> delete(String account, String name) {
        return pool.withTransaction(tx -> accountId(tx, account, true).flatMap(id -> tx.preparedQuery(
                        "DELETE FROM mailbox.sieve_scripts WHERE account_id = $1 AND name = $2 RETURNING active")
                .execute(Tuple.of(id, name)).map(rows -> {
                    if (rows.size() == 0) {
                        throw notFound(name);
                    }
                    if (rows.iterator().next().getBoolean(0)) {
                        // thrown inside the transaction: the DELETE is rolled back
                        throw Status.FAILED_PRECONDITION.withDescription("active script cannot be deleted").asRuntimeException();
                    }
                    return id;
                }).flatMap(x -> list(tx, id))));
    }

    /** RFC 5804 section 2.11.1: the activity moves with the script; the new name must be free. */
    public Uni<SieveScriptList> rename(String account, String oldName, String newName) {
        String bad = ScriptNames.problem(newName);
        if (bad != null) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(bad).asRuntimeException());
        }
        return pool.withTransaction(tx -> accountId(tx, account, true).flatMap(id -> tx.preparedQuery(
                        "SELECT name FROM mailbox.sieve_scripts WHERE account_id = $1 AND name IN ($2, $3)")
                .execute(Tuple.of(id, oldName, newName)).flatMap(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(r -> names.add(r.getString(0)));
                    if (!names.contains(oldName)) {
                        throw notFound(oldName);
                    }
                    if (!oldName.equals(newName) && names.contains(newName)) {
                        throw Status.ALREADY_EXISTS.withDescription("a script named " + newName + " exists").asRuntimeException();
                    }
                    return tx.preparedQuery("UPDATE mailbox.sieve_scripts SET name = $3, updated_at = now()"
                            + " WHERE account_id = $1 AND name = $2").execute(Tuple.of(id, oldName, newName));
                }).flatMap(x -> list(tx, id))));
    }

    /** The active script of each account that has one, in one query; unknown accounts are simply absent. */
    public Uni<List<SieveScript>> active(List<String> accounts) {
        List<String> domains = new ArrayList<>();
        List<String> locals = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        for (String a : accounts) {
            AccountRef ref = AccountRef.orNull(a);
            if (ref != null) {
                domains.add(ref.domain());
                locals.add(ref.localPart());
                asked.add(a);
            }
        }
        if (asked.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT q.asked, s.name, s.content FROM unnest($1::text[], $2::text[], $3::text[]) AS q(domain, local, asked)"
                        + " JOIN mailbox.domains d ON d.name = q.domain JOIN mailbox.accounts a ON a.domain_id = d.id AND a.local_part = q.local"
                        + " JOIN mailbox.sieve_scripts s ON s.account_id = a.id AND s.active")
                .execute(Tuple.of(domains.toArray(String[]::new), locals.toArray(String[]::new), asked.toArray(String[]::new)))
                .map(rows -> {
                    List<SieveScript> out = new ArrayList<>();
                    rows.forEach(r -> out.add(SieveScript.newBuilder().setAccount(r.getString(0)).setName(r.getString(1))
                            .setContent(r.getString(2)).setActive(true).build()));
                    return out;
                });
    }

    private Uni<SieveScriptList> list(SqlClient c, long accountId) {
        return c.preparedQuery("SELECT name, active, octet_length(content) FROM mailbox.sieve_scripts WHERE account_id = $1 ORDER BY name")
                .execute(Tuple.of(accountId)).map(rows -> {
                    SieveScriptList.Builder b = SieveScriptList.newBuilder().setMaxScripts(maxScripts).setMaxScriptBytes(maxBytes);
                    rows.forEach(r -> b.addScripts(SieveScriptInfo.newBuilder().setName(r.getString(0))
                            .setActive(r.getBoolean(1)).setSize(r.getInteger(2))));
                    return b.build();
                });
    }

    /** The account's id; {@code lock} takes its row lock, which serializes every script change of the account. */
    private static Uni<Long> accountId(SqlClient c, String account, boolean lock) {
        AccountRef ref = AccountRef.orNull(account);
        if (ref == null) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("invalid address").asRuntimeException());
        }
        return c.preparedQuery(lock ? ACCOUNT + " FOR UPDATE OF a" : ACCOUNT).execute(Tuple.of(ref.domain(), ref.localPart()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw Status.NOT_FOUND.withDescription("no such account").asRuntimeException();
                    }
                    return rows.iterator().next().getLong(0);
                });
    }

    private static RuntimeException notFound(String name) {
        return Status.NOT_FOUND.withDescription("no script named " + name).asRuntimeException();
    }
}
