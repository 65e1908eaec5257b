package com.mailplatform.gateway.pop3;

import com.mailplatform.common.metrics.ProtocolMetrics;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * POP3's meters ({@code mail_pop3_*}, see k8s/monitoring/README.md): the protocol meters every server has
 * (connections, open sessions, authentication failures, command latency) and messages retrieved and deleted.
 */
public final class Pop3Metrics {

    private final ProtocolMetrics protocol;
    private final Counter retrieved;
    private final Counter deleted;

    public Pop3Metrics(MeterRegistry registry) {
        protocol = new ProtocolMetrics(registry, "pop3", Set.of("pop3", "pop3s"), ProtocolMetrics.commandNames(Pop3Command.class));
        // RETR and TOP alike: both read the message from the store
        retrieved = Counter.builder("mail.pop3.messages.retrieved").description("Messages read by RETR or TOP").register(registry);
        deleted = Counter.builder("mail.pop3.messages.deleted").description("Messages removed at UPDATE (RFC 1939 section 6)").register(registry);
    }

    void sessionOpened(boolean implicitTls) {
        protocol.connected(implicitTls ? "pop3s" : "pop3");
    }

    void sessionClosed() {
        protocol.disconnected();
    }

    void authFailure() {
        protocol.authFailure();
    }

    <T> CompletionStage<T> timed(Pop3Command command, CompletionStage<T> stage) {
        return protocol.timed(command.getClass().getSimpleName(), stage);
    }

    void retrieved() {
        retrieved.increment();
    }

    void expunged(int n) {
        deleted.increment(n);
    }
}
