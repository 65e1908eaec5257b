package com.mailplatform.delivery.admin;

import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.queue.LogEntry;
import com.mailplatform.common.grpc.queue.LogFilter;
import com.mailplatform.common.grpc.queue.LogPage;
import com.mailplatform.common.grpc.queue.QueueActionReply;
import com.mailplatform.common.grpc.queue.QueueAdmin;
import com.mailplatform.common.grpc.queue.QueueEntry;
import com.mailplatform.common.grpc.queue.QueueEntryRequest;
import com.mailplatform.common.grpc.queue.QueueFilter;
import com.mailplatform.common.grpc.queue.QueuePage;
import com.mailplatform.common.grpc.queue.QueueRecipient;
import com.mailplatform.common.grpc.queue.BlobIdChunk;
import com.mailplatform.common.grpc.queue.BulkReply;
import com.mailplatform.common.grpc.queue.BulkRequest;
import com.mailplatform.common.grpc.queue.QueuedMessage;
import com.mailplatform.common.grpc.queue.ShowMessageRequest;
import com.mailplatform.common.grpc.queue.QueuedBlobIdsRequest;
import com.mailplatform.common.grpc.queue.RouteHost;
import com.mailplatform.common.grpc.queue.RouteReply;
import com.mailplatform.common.grpc.queue.RouteRequest;
import com.mailplatform.delivery.local.MailboxStoreCalls;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.route.Destination;
import com.mailplatform.delivery.route.Router;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Postfix's postqueue/postsuper/postcat and the maillog over gRPC, for admin-api: list and show queue entries, show a
 * queued message, hold, release, retry now, delete, requeue (one or by filter), search the delivery log, and show how
 * a domain is routed.
 */
@GrpcService
public class QueueAdminGrpcService implements QueueAdmin {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    private static final String STATUS = QueueSelection.STATE;

    private final Pool pool;
    private final Router router;
    private final MailboxStoreCalls store;
    private final QueueActions actions;
    private final MessageView messages;

    public QueueAdminGrpcService(Pool pool, Router router, MailboxStoreCalls store, QueueActions actions, MessageView messages) {
        this.pool = pool;
        this.router = router;
        this.store = store;
        this.actions = actions;
        this.messages = messages;
    }

    @Override
    public Uni<QueuePage> listQueue(QueueFilter f) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (!f.getSender().isEmpty()) {
            params.add(f.getSender().toLowerCase(Locale.ROOT));
            where.append(" AND lower(sender) = $").append(params.size());
        }
        if (!f.getRecipient().isEmpty()) {
            params.add(f.getRecipient().toLowerCase(Locale.ROOT));
            where.append(" AND lower(recipient) = $").append(params.size());
        }
        if (!f.getDomain().isEmpty()) {
            params.add("%@" + f.getDomain().toLowerCase(Locale.ROOT).replace("%", "").replace("_", "\\_"));
            where.append(" AND lower(recipient) LIKE $").append(params.size());
        }
        if (!f.getStatus().isEmpty()) {
            if (!QueueSelection.STATES.contains(f.getStatus())) {
                return invalid("status must be deferred, hold or active");
            }
            params.add(f.getStatus());
            where.append(" AND ").append(STATUS).append(" = $").append(params.size());
        }
        int limit = limit(f.getLimit());
        int offset = Math.max(0, f.getOffset());
        String ids = "SELECT queue_id, min(received_at) AS r FROM queue.deferred" + where + " GROUP BY queue_id";
        Tuple t = Tuple.from(params);
        Uni<Long> total = pool.preparedQuery("SELECT count(*) FROM (" + ids + ") q").execute(t)
                .map(rows -> rows.iterator().next().getLong(0));
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(limit);
        pageParams.add(offset);
        Uni<List<QueueEntry>> items = pool.preparedQuery("SELECT *, " + STATUS + " AS status FROM queue.deferred WHERE queue_id IN ("
                        + "SELECT queue_id FROM (" + ids + ") q ORDER BY r, queue_id LIMIT $" + (params.size() + 1)
                        + " OFFSET $" + (params.size() + 2) + ")" + where.toString().replaceFirst(" WHERE true", " AND true")
                        + " ORDER BY received_at, queue_id, id")
                .execute(Tuple.from(pageParams)).map(QueueAdminGrpcService::entries);
        return Uni.combine().all().unis(total, items).asTuple()
                .map(tu -> QueuePage.newBuilder().setTotal(tu.getItem1()).addAllItems(tu.getItem2()).build());
    }

    @Override
    public Uni<QueueEntry> showQueueEntry(QueueEntryRequest r) {
        if (r.getQueueId().isEmpty()) {
            return invalid("queue_id is required");
        }
        return pool.preparedQuery("SELECT *, " + STATUS + " AS status FROM queue.deferred WHERE queue_id = $1 ORDER BY id")
                .execute(Tuple.of(r.getQueueId()))
                .map(QueueAdminGrpcService::entries)
                .map(list -> {
                    if (list.isEmpty()) {
                        throw Status.NOT_FOUND.withDescription("no queue entry " + r.getQueueId()).asRuntimeException();
                    }
                    return list.get(0);
                });
    }

    /** postsuper -h; each message held is written to the mail log (QueueActions). */
    @Override
    public Uni<QueueActionReply> hold(QueueEntryRequest r) {
        return one("hold", r);
    }

    /**
     * postsuper -H: back into the deferred queue, due at once (the next_attempt_at of an entry an operator held is
     * brought forward), and this replica's runner is woken, so the attempt starts within the call's second.
     */
    @Override
    public Uni<QueueActionReply> release(QueueEntryRequest r) {
        return one("release", r);
    }

    /** postqueue -i: due now whatever next_attempt_at said; this replica's runner is woken at once. Held rows stay held. */
    @Override
    public Uni<QueueActionReply> retryNow(QueueEntryRequest r) {
        return one("retry", r);
    }

    /** postsuper -d. An entry being delivered right now (claimed) is deleted too; its attempt then changes nothing. */
    @Override
    public Uni<QueueActionReply> delete(QueueEntryRequest r) {
        return one("delete", r);
    }

    /**
     * postsuper -r for one message or one recipient of it (Requeue). Requeue leaves a message being delivered right
     * now (claimed) alone; asked for that one message, the operator is told so (FAILED_PRECONDITION, a 409 at
     * admin-api) instead of "0 recipients", and can ask again when the attempt has ended.
     */
    @Override
    public Uni<QueueActionReply> requeue(QueueEntryRequest r) {
        return oneMessage("requeue", r).map(reply -> {
            if (reply.getSkippedActive() > 0) {
                throw Status.FAILED_PRECONDITION.withDescription(r.getQueueId()
                        + " is being delivered right now (active); requeue it when the attempt has ended").asRuntimeException();
            }
            return affected(reply);
        });
    }

    @Override
    public Uni<BulkReply> bulk(BulkRequest r) {
        QueueSelection s;
        try {
            s = QueueSelection.of(r);
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        return actions.run(s);
    }

    /** postcat -q: the entry and the first max_bytes of its content (MessageView). */
    @Override
    public Uni<QueuedMessage> showMessage(ShowMessageRequest r) {
        if (r.getMaxBytes() < 0 || r.getMaxBytes() > MessageView.MAX_BYTES) {
            return invalid("max_bytes must be between 0 and " + MessageView.MAX_BYTES);
        }
        return showQueueEntry(QueueEntryRequest.newBuilder().setQueueId(r.getQueueId()).build())
                .flatMap(entry -> messages.show(entry, r.getMaxBytes() == 0 ? MessageView.DEFAULT_BYTES : (int) r.getMaxBytes()));
    }

    private Uni<QueueActionReply> one(String action, QueueEntryRequest r) {
        return oneMessage(action, r).map(QueueAdminGrpcService::affected);
    }

    /** A bulk action selecting one queue id (and optionally one recipient). */
    private Uni<BulkReply> oneMessage(String action, QueueEntryRequest r) {
        if (r.getQueueId().isEmpty()) {
            return invalid("queue_id is required");
        }
        return bulk(BulkRequest.newBuilder().setAction(action).setQueueId(r.getQueueId()).setRecipient(r.getRecipient()).build());
    }

    private static QueueActionReply affected(BulkReply reply) {
        return QueueActionReply.newBuilder().setAffected(reply.getRecipients()).build();
    }

    @Override
    public Uni<LogPage> searchLog(LogFilter f) {
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE true");
        if (!f.getQueueId().isEmpty()) {
            params.add(f.getQueueId());
            where.append(" AND queue_id = $").append(params.size());
        }
        if (!f.getSender().isEmpty()) {
            params.add(f.getSender().toLowerCase(Locale.ROOT));
            where.append(" AND lower(sender) = $").append(params.size());
        }
        if (!f.getRecipient().isEmpty()) {
            params.add(f.getRecipient().toLowerCase(Locale.ROOT));
            where.append(" AND (lower(recipient) = $").append(params.size()).append(" OR lower(orig_recipient) = $")
                    .append(params.size()).append(')');
        }
        if (!f.getStatus().isEmpty()) {
            String status = f.getStatus().toLowerCase(Locale.ROOT);
            if (java.util.Arrays.stream(Outcome.Status.values()).noneMatch(st -> st.word().equals(status))) {
                return invalid("status must be sent, deferred, bounced or held");
            }
            params.add(status);
            where.append(" AND status = $").append(params.size());
        }
        if (f.getFromMillis() > 0) {
            params.add(java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(f.getFromMillis()), java.time.ZoneOffset.UTC));
            where.append(" AND logged_at >= $").append(params.size());
        }
        if (f.getToMillis() > 0) {
            params.add(java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(f.getToMillis()), java.time.ZoneOffset.UTC));
            where.append(" AND logged_at < $").append(params.size());
        }
        Uni<Long> total = pool.preparedQuery("SELECT count(*) FROM queue.delivery_log" + where).execute(Tuple.from(params))
                .map(rows -> rows.iterator().next().getLong(0));
        List<Object> page = new ArrayList<>(params);
        page.add(limit(f.getLimit()));
        page.add(Math.max(0, f.getOffset()));
        Uni<List<LogEntry>> items = pool.preparedQuery("SELECT * FROM queue.delivery_log" + where + " ORDER BY logged_at DESC, id DESC"
                        + " LIMIT $" + (params.size() + 1) + " OFFSET $" + (params.size() + 2))
                .execute(Tuple.from(page)).map(rows -> {
                    List<LogEntry> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(LogEntry.newBuilder().setLoggedMillis(row.getOffsetDateTime("logged_at").toInstant().toEpochMilli())
                                .setQueueId(row.getString("queue_id")).setSender(row.getString("sender"))
                                .setRecipient(row.getString("recipient")).setOrigRecipient(row.getString("orig_recipient"))
                                .setRelay(row.getString("relay")).setDelayMillis(row.getLong("delay_ms"))
                                .setDelays(row.getString("delays")).setDsn(row.getString("dsn"))
                                .setStatus(row.getString("status")).setReply(row.getString("reply")).build());
                    }
                    return out;
                });
        return Uni.combine().all().unis(total, items).asTuple()
                .map(tu -> LogPage.newBuilder().setTotal(tu.getItem1()).addAllItems(tu.getItem2()).build());
    }

    /**
     * mailbox-store's blob collector must not remove what the queue still needs, held entries included (they never
     * expire). One statement, so one snapshot; sent in chunks so a large queue stays under gRPC's message limit.
     */
    @Override
    public Multi<BlobIdChunk> queuedBlobIds(QueuedBlobIdsRequest r) {
        return pool.query("SELECT DISTINCT blob_id FROM queue.deferred").execute()
                .onItem().transformToMulti(rows -> {
                    List<BlobIdChunk> chunks = new ArrayList<>();
                    BlobIdChunk.Builder chunk = BlobIdChunk.newBuilder();
                    for (Row row : rows) {
                        chunk.addBlobIds(row.getString(0));
                        if (chunk.getBlobIdsCount() == 1000) {
                            chunks.add(chunk.build());
                            chunk = BlobIdChunk.newBuilder();
                        }
                    }
                    chunks.add(chunk.build());
                    return Multi.createFrom().iterable(chunks);
                });
    }

    @Override
    public Uni<RouteReply> route(RouteRequest r) {
        String domain = r.getDomain().strip().toLowerCase(Locale.ROOT);
        if (domain.isEmpty() || !domain.matches("[a-z0-9.-]+")) {
            return invalid("not a domain name: " + r.getDomain());
        }
        return store.resolve("postmaster@" + domain).flatMap(reply -> {
            if (reply.getStatus() != ResolveRecipientReply.Status.NOT_LOCAL) {
                return Uni.createFrom().item(RouteReply.newBuilder().setDomain(domain).setKind("local")
                        .setDetail("delivered by mailbox-store").build());
            }
            return router.route(domain).map(route -> {
                RouteReply.Builder b = RouteReply.newBuilder().setDomain(domain).setKind(route.kind().word()).setDetail(route.detail());
                for (Destination d : route.hosts()) {
                    RouteHost.Builder h = RouteHost.newBuilder().setHost(d.host()).setPreference(d.preference()).setPort(d.port());
                    d.addresses().stream().map(InetAddress::getHostAddress).forEach(h::addAddresses);
                    b.addHosts(h);
                }
                return b.build();
            });
        });
    }

    private static List<QueueEntry> entries(RowSet<Row> rows) {
        Map<String, QueueEntry.Builder> byId = new LinkedHashMap<>();
        for (Row row : rows) {
            QueueEntry.Builder e = byId.computeIfAbsent(row.getString("queue_id"), id -> QueueEntry.newBuilder().setQueueId(id)
                    .setSender(row.getString("sender")).setSize(row.getLong("size"))
                    .setReceivedMillis(row.getOffsetDateTime("received_at").toInstant().toEpochMilli()));
            e.addRecipients(QueueRecipient.newBuilder().setRecipient(row.getString("recipient")).setStatus(row.getString("status"))
                    .setAttempts(row.getInteger("attempts"))
                    .setNextAttemptMillis(row.getOffsetDateTime("next_attempt_at").toInstant().toEpochMilli())
                    .setLastDsn(row.getString("last_dsn")).setLastReply(row.getString("last_reply")));
        }
        return byId.values().stream().map(QueueEntry.Builder::build).toList();
    }

    private static int limit(int requested) {
        return requested <= 0 ? DEFAULT_LIMIT : Math.min(requested, MAX_LIMIT);
    }

    private static <T> Uni<T> invalid(String message) {
        return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException());
    }
}
