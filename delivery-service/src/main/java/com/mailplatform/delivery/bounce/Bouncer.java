package com.mailplatform.delivery.bounce;

import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.local.MailboxStoreCalls;
import com.mailplatform.delivery.queue.Job;
import com.mailplatform.delivery.queue.Settlement;
import com.mailplatform.delivery.queue.Settlement.DsnEntry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Postfix's bounce(8): turns a settlement's reports into DSN messages (one per message, sender and kind), stores
 * them in the blob store and returns them as new queue entries from the null sender to the original sender. The
 * queue then delivers them like any mail (local senders through mailbox-store Deliver, remote ones over SMTP).
 */
@ApplicationScoped
public class Bouncer {

    /** A DSN waiting to be queued; its queue id is derived from the report, so a repeated attempt makes no second one. */
    public record Report(String queueId, String recipient, String blobId, long size) {
    }

    private final MailboxStoreCalls store;
    private final DeliveryConfig config;

    public Bouncer(MailboxStoreCalls store, DeliveryConfig config) {
        this.store = store;
        this.config = config;
    }

    public Uni<List<Report>> reports(Job job, Settlement settlement) {
        if (settlement.dsns().isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = Instant.now();
        return store.blob(job.blobId()).flatMap(original -> Multi.createFrom().iterable(settlement.dsns().entrySet())
                .onItem().transformToUniAndConcatenate(e -> store(job, e, original, now))
                .collect().asList());
    }

    private Uni<Report> store(Job job, Map.Entry<DsnKind, List<DsnEntry>> e, byte[] original, Instant now) {
        String id = reportId(job.queueId(), e.getKey(), e.getValue());
        byte[] dsn = DsnMessage.build(new DsnMessage.Input(e.getKey(), config.myhostname(), job.queueId(), job.envid(),
                Instant.ofEpochMilli(job.receivedAtMillis()), job.sender(), e.getValue(), original, job.ret(), now,
                "=_" + id + "=_"));
        return store.putBlob(dsn).map(r -> new Report(id, job.sender(), r.getBlobId(), r.getSize()));
    }

    /** queue id + kind letter + a digest of the reported recipients: stable across repeated attempts. */
    static String reportId(String queueId, DsnKind kind, List<DsnEntry> entries) {
        List<String> rcpts = new ArrayList<>();
        entries.forEach(e -> rcpts.add(e.outcome().recipient().toLowerCase(java.util.Locale.ROOT)));
        rcpts.sort(null);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(String.join("\n", rcpts).getBytes(StandardCharsets.UTF_8));
            return queueId + kind.letter + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
