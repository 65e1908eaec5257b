package com.mailplatform.smtp.checks;

import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.common.queue.InboundMailCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Reads what smtp-ingress queued on mail-inbound back from the real (embedded Artemis) broker. */
@ApplicationScoped
public class CapturedMail {

    static final BlockingQueue<InboundMail> QUEUED = new LinkedBlockingQueue<>();

    @Incoming("captured")
    public void queued(String json) {
        QUEUED.add(InboundMailCodec.decode(json));
    }

    static InboundMail take(String queueId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            InboundMail m = QUEUED.poll(1, TimeUnit.SECONDS);
            if (m != null && m.queueId().equals(queueId)) {
                return m;
            }
        }
        throw new AssertionError("not queued: " + queueId);
    }
}
