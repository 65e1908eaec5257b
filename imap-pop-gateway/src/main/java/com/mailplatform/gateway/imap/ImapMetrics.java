package com.mailplatform.gateway.imap;

import com.mailplatform.common.metrics.ProtocolMetrics;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * IMAP's meters ({@code mail_imap_*}, see k8s/monitoring/README.md): connections per listener, open sessions,
 * authentication failures, each command's latency (labelled by its parsed record, so the label set is the
 * grammar's, never the client's), and the sessions in IDLE now.
 */
public final class ImapMetrics {

    /** For sessions built without a registry (unit tests that make an ImapServer by hand). */
    static final ImapMetrics DISCARD = new ImapMetrics(new SimpleMeterRegistry());

    private final ProtocolMetrics protocol;
    private final AtomicInteger idle = new AtomicInteger();

    public ImapMetrics(MeterRegistry registry) {
        protocol = new ProtocolMetrics(registry, "imap", Set.of("imap", "imaps"), ProtocolMetrics.commandNames(ImapCommand.class));
        Gauge.builder("mail.imap.idle.sessions", idle, AtomicInteger::get)
                .description("IMAP sessions in IDLE (RFC 2177) now").register(registry);
    }

    void connected(boolean implicitTls) {
        protocol.connected(implicitTls ? "imaps" : "imap");
    }

    void disconnected() {
        protocol.disconnected();
    }

    void authFailure() {
        protocol.authFailure();
    }

    /** Times the command until its reply is written (IDLE: until "+ idling"; the DONE is another line). */
    <T> CompletionStage<T> command(ImapCommand command, CompletionStage<T> stage) {
        return protocol.timed(command.name(), stage);
    }

    /** A session starts or stops idling (RFC 2177): from DONE, or the connection's end. */
    void idle(boolean was, boolean now) {
        if (now && !was) {
            idle.incrementAndGet();
        } else if (was && !now) {
            idle.decrementAndGet();
        }
    }
}
