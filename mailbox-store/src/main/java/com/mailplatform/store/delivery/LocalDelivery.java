package com.mailplatform.store.delivery;

import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.Worker;
import com.mailplatform.store.imap.MessageRows;
import com.mailplatform.store.imap.ParsedContent;
import com.mailplatform.store.model.MailboxEntity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores delivered messages: one transaction per batch allocates UIDs and MODSEQs, inserts the message rows,
 * updates quota usage and notifies listeners after commit (ARCHITECTURE.md, "How a message travels", step 4).
 * The (queue id, recipient) delivery key makes a repeated delivery a no-op that reports DUPLICATE.
 * <p>
 * Per delivery the transaction runs three statements (account, folder and earlier delivery in one look-up; UID and
 * MODSEQ allocation with the delivery key, the quota and the NOTIFY in one; the message row); the blobs are read
 * and MIME-parsed once per distinct blob before the transaction, so no folder row is locked while parsing.
 */
@ApplicationScoped
public class LocalDelivery {

    /** PostgreSQL NOTIFY channel; payload {@code <mailbox id>:<modseq>}. */
    public static final String CHANGES_CHANNEL = "mailbox_changes";

    /**
     * Blob bytes read in one query before the rest is read blob by blob: a batch of small messages costs one
     * statement, a batch of large ones never holds more than this (plus one message) in memory.
     */
    static final long BLOB_READ_BUDGET = 8L * 1024 * 1024;

    /**
     * Characters of searchable text a batch keeps in memory until its commit (each message's text is capped by
     * mailbox.search-text-max-chars, but a batch of large ones would add up). Messages past it are stored without
     * a text: a search extracts them on the fly and writes the text back (imap/TextSearch), so they stay findable.
     */
    static final long BATCH_TEXT_BUDGET = 16L * 1024 * 1024;

    // Dovecot LDA's -m with lda_mailbox_autocreate=no (dovecot-lda(1)): a folder the account does not have is not
    // created and the message goes to INBOX instead, so a missing Junk never fails a delivery.
    private static final String LOOKUP = "SELECT a.id, CASE WHEN a.quota_bytes > 0 THEN a.quota_bytes ELSE d.default_quota_bytes END,"
            + " a.used_bytes, m.id, (SELECT uid FROM mailbox.deliveries WHERE queue_id = $5 AND recipient = $6), a.disabled"
            + " FROM mailbox.accounts a"
            + " JOIN mailbox.domains d ON d.id = a.domain_id"
            + " JOIN mailbox.mailboxes m ON m.account_id = a.id AND m.name IN ($3, $4)"
            + " WHERE d.name = $1 AND a.local_part = $2"
            + " ORDER BY m.name = $3 DESC LIMIT 1";

    /**
     * The folder row's UPDATE takes the UID and MODSEQ (and its row lock, held to commit, orders concurrent
     * deliveries); the delivery key, the quota and the NOTIFY (sent by PostgreSQL only at commit) go with it.
     */
    private static final String ALLOCATE = "WITH alloc AS (UPDATE mailbox.mailboxes SET uidnext = uidnext + 1,"
            + " highestmodseq = highestmodseq + 1 WHERE id = $1 RETURNING id, uidnext - 1 AS uid, highestmodseq AS modseq),"
            + " dlv AS (INSERT INTO mailbox.deliveries (queue_id, recipient, account_id, uid) SELECT $2, $3, $4, uid FROM alloc),"
            + " quota AS (UPDATE mailbox.accounts SET used_bytes = used_bytes + $5 WHERE id = $4)"
            + " SELECT uid, modseq, pg_notify('" + CHANGES_CHANNEL + "', id || ':' || modseq) FROM alloc";

    private final Pool pool;
    private final int maxTextChars;
    /** mailbox.disabled-account-mail=hold: mail for a disabled account waits in the queue instead of bouncing. */
    private final boolean holdDisabled;

    @Inject
    public LocalDelivery(Pool pool, StoreConfig config) {
        this(pool, config.searchTextMaxChars(), config.disabledAccountMail() == StoreConfig.DisabledAccountMail.HOLD);
    }

    /** {@code maxTextChars}: mailbox.search-text-max-chars. */
    public LocalDelivery(Pool pool, int maxTextChars) {
        this(pool, maxTextChars, false);
    }

    public LocalDelivery(Pool pool, int maxTextChars, boolean holdDisabled) {
        this.pool = pool;
        this.maxTextChars = maxTextChars;
        this.holdDisabled = holdDisabled;
    }

    /** All of {@code deliveries} in one transaction: every result is durable together, or none is. */
    public Uni<List<DeliveryResult>> deliver(List<Delivery> deliveries) {
        Set<String> blobIds = new LinkedHashSet<>();
        deliveries.forEach(d -> blobIds.add(d.getBlobId()));
        // a blob's text is sent once per transaction, however many recipients get the message
        Set<String> textWritten = new HashSet<>();
        return blobs(List.copyOf(blobIds)).flatMap(blobs -> pool.withTransaction(conn -> Multi.createFrom().iterable(deliveries)
                .onItem().transformToUniAndConcatenate(d -> deliverOne(conn, d, blobs, textWritten))
                .collect().asList()));
    }

    /** A stored message as delivery needs it: its size, its MIME summary and its searchable text. */
    private record Blob(long size, ParsedContent parsed) {
    }

    /** The blobs that exist, read and parsed (on a worker thread) once each; missing ones are absent. */
    private Uni<Map<String, Blob>> blobs(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        // Content only within the budget (running total in id order); the rest comes one by one below.
        return pool.preparedQuery("SELECT id, size, CASE WHEN sum(size) OVER (ORDER BY id) <= $2 THEN content END"
                        + " FROM mailbox.blobs WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new), BLOB_READ_BUDGET))
                .flatMap(rows -> {
                    Map<String, byte[]> read = new HashMap<>();
                    List<String> later = new ArrayList<>();
                    for (Row r : rows) {
                        if (r.getValue(2) == null) {
                            later.add(r.getString(0));
                        } else {
                            read.put(r.getString(0), r.getBuffer(2).getBytes());
                        }
                    }
                    Map<String, Blob> parsed = new HashMap<>();
                    long[] textChars = {0};
                    return Worker.offload(() -> {
                                read.forEach((id, content) -> parsed.put(id, new Blob(content.length, parse(content, textChars))));
                                return parsed;
                            })
                            .flatMap(x -> Multi.createFrom().iterable(later)
                                    .onItem().transformToUniAndConcatenate(id -> pool.preparedQuery(
                                                    "SELECT content FROM mailbox.blobs WHERE id = $1").execute(Tuple.of(id))
                                            .flatMap(one -> one.size() == 0 ? Uni.createFrom().voidItem()
                                                    : Worker.offload(() -> {
                                                        byte[] content = one.iterator().next().getBuffer(0).getBytes();
                                                        parsed.put(id, new Blob(content.length, parse(content, textChars)));
                                                        return null;
                                                    }).replaceWithVoid()))
                                    .collect().last()
                                    .replaceWith(parsed));
                });
    }

    /** Parsed, its text dropped when the batch's {@link #BATCH_TEXT_BUDGET} is spent ({@code used}: the running total). */
    private ParsedContent parse(byte[] content, long[] used) {
        ParsedContent p = ParsedContent.of(content, maxTextChars);
        long chars = (long) p.text().header().length() + p.text().body().length();
        if (used[0] > 0 && used[0] + chars > BATCH_TEXT_BUDGET) {
            return new ParsedContent(p.summary(), null);
        }
        used[0] += chars;
        return p;
    }

    private Uni<DeliveryResult> deliverOne(SqlConnection conn, Delivery d, Map<String, Blob> blobs, Set<String> textWritten) {
        AccountRef ref = AccountRef.orNull(d.getRecipient());
        if (ref == null) {
            return Uni.createFrom().item(result(d, DeliveryResult.Status.UNKNOWN_RECIPIENT, 0, "not an address"));
        }
        String mailbox = d.getMailbox().isEmpty() ? MailboxEntity.INBOX : d.getMailbox();
        return conn.preparedQuery(LOOKUP)
                .execute(Tuple.of(ref.domain(), ref.localPart(), mailbox, MailboxEntity.INBOX, d.getQueueId(), ref.address()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(result(d, DeliveryResult.Status.UNKNOWN_RECIPIENT, 0, "no such account"));
                    }
                    Row acct = rows.iterator().next();
                    if (acct.getValue(4) != null) {
                        return Uni.createFrom().item(result(d, DeliveryResult.Status.DUPLICATE, acct.getLong(4), "already delivered"));
                    }
                    if (acct.getBoolean(5)) {
                        return Uni.createFrom().item(holdDisabled
                                ? result(d, DeliveryResult.Status.MAILBOX_HELD, 0, "mailbox disabled, held")
                                : result(d, DeliveryResult.Status.MAILBOX_DISABLED, 0, "mailbox disabled"));
                    }
                    Blob blob = blobs.get(d.getBlobId());
                    if (blob == null) {
                        return Uni.createFrom().item(result(d, DeliveryResult.Status.UNKNOWN_BLOB, 0, "no blob " + d.getBlobId()));
                    }
                    long quota = acct.getLong(1);
                    // Read in this transaction, after the earlier deliveries of the batch to the same account.
                    if (quota > 0 && acct.getLong(2) + blob.size() > quota) {
                        return Uni.createFrom().item(result(d, DeliveryResult.Status.OVER_QUOTA, 0, "mailbox full"));
                    }
                    return store(conn, d, ref, acct.getLong(0), acct.getLong(3), blob, textWritten.add(d.getBlobId()));
                });
    }

    private Uni<DeliveryResult> store(SqlConnection conn, Delivery d, AccountRef ref, long accountId, long mailboxId, Blob blob, boolean withText) {
        return conn.preparedQuery(ALLOCATE)
                .execute(Tuple.of(mailboxId, d.getQueueId(), ref.address(), accountId, blob.size()))
                .flatMap(alloc -> {
                    Row r = alloc.iterator().next();
                    long uid = r.getLong(0);
                    long modseq = r.getLong(1);
                    OffsetDateTime date = OffsetDateTime.ofInstant(
                            Instant.ofEpochMilli(d.getInternalDateMillis() > 0 ? d.getInternalDateMillis() : System.currentTimeMillis()),
                            ZoneOffset.UTC);
                    return MessageRows.insert(conn, mailboxId, uid, modseq, date, blob.size(), d.getBlobId(), List.copyOf(d.getFlagsList()),
                                    blob.parsed().summary(), withText ? blob.parsed().text() : null)
                            .replaceWith(result(d, DeliveryResult.Status.DELIVERED, uid, ""));
                });
    }

    /** Delivered to listeners only when the transaction commits, which is exactly when they may look. */
    public static Uni<RowSet<Row>> notifyChange(SqlConnection conn, long mailboxId, long modseq) {
        return conn.preparedQuery("SELECT pg_notify($1, $2)")
                .execute(Tuple.of(CHANGES_CHANNEL, mailboxId + ":" + modseq));
    }

    private static DeliveryResult result(Delivery d, DeliveryResult.Status status, long uid, String detail) {
        return DeliveryResult.newBuilder().setRecipient(d.getRecipient()).setStatus(status).setUid(uid).setDetail(detail).build();
    }
}
