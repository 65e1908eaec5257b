package com.mailplatform.smtp.queue;

import com.mailplatform.common.blob.BlobChunks;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.common.queue.InboundMailCodec;
import com.mailplatform.smtp.SmtpConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * The claim check (ARCHITECTURE.md, "Queue"): content goes once to the blob store, then the envelope goes to the
 * broker. The returned Uni completes only when the broker has settled the message as accepted, which is the
 * moment the SMTP server may say 250; any failure or timeout on the way means 451 and the client retries.
 */
@ApplicationScoped
public class MessageQueue {

    private static final Logger LOG = Logger.getLogger(MessageQueue.class);
    static final int CHUNK = 64 * 1024;

    @Inject
    @GrpcClient("mailbox-store")
    MailboxStore store;

    @Inject
    @Channel("mail-inbound")
    MutinyEmitter<String> inbound;

    @Inject
    SmtpConfig config;

    /** Stores the content and queues the envelope; {@code mail.blobId()} and {@code size()} are filled in here. */
    public Uni<Void> enqueue(InboundMail envelope, byte[] content) {
        return BlobChunks.upload(store, content, CHUNK)
                .flatMap(blob -> {
                    InboundMail mail = envelope.withBlob(blob.getBlobId(), blob.getSize());
                    return inbound.send(InboundMailCodec.encode(mail));
                })
                .ifNoItem().after(config.queueTimeout()).fail()
                .onFailure().invoke(e -> LOG.warnf("%s: cannot queue: %s", envelope.queueId(), e.toString()));
    }
}
