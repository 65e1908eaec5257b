package com.mailplatform.smtp.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mailplatform.common.grpc.mailbox.Handoff;
import com.mailplatform.common.grpc.mailbox.HandoffReply;
import com.mailplatform.common.grpc.mailbox.HandoffRequest;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.smtp.SmtpConfig;
import io.grpc.Status;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the ingress answers when the broker gave no outcome (MessageQueue.abandon): 451 only once the hand-off is
 * abandoned, 250 when delivery-service claimed the message first, and no reply (OutcomeUnknown) when mailbox-store
 * cannot be asked. mailbox-store is an app module this one cannot run; its side is proven in its MailboxStoreGrpcTest.
 */
class MessageQueueHandoffTest {

    final List<HandoffRequest> asked = new CopyOnWriteArrayList<>();
    final RuntimeException brokerFailure = new IllegalStateException("no outcome from the broker");

    MessageQueue queue(Function<HandoffRequest, Uni<HandoffReply>> answer) {
        MessageQueue q = new MessageQueue();
        q.config = new SmallRyeConfigBuilder().withMapping(SmtpConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(Map.of("smtpd.queue-timeout", "300ms")).build().getConfigMapping(SmtpConfig.class);
        q.store = (MailboxStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MailboxStore.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("settleHandoff")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    asked.add((HandoffRequest) args[0]);
                    return answer.apply((HandoffRequest) args[0]);
                });
        return q;
    }

    static Uni<HandoffReply> settled(Handoff h) {
        return Uni.createFrom().item(HandoffReply.newBuilder().setSettled(h).build());
    }

    @Test
    void abandonedFirstIsA451() {
        Throwable e = assertThrows(Throwable.class, () -> queue(r -> settled(r.getWant())).abandon("Q1", brokerFailure).await().indefinitely());
        assertSame(brokerFailure, e, "the broker's failure, which Cleanup answers with 451");
        assertEquals(List.of(HandoffRequest.newBuilder().setQueueId("Q1").setWant(Handoff.ABANDONED).build()), asked);
    }

    @Test
    void claimedFirstIsA250AfterAll() {
        queue(r -> settled(Handoff.CLAIMED)).abandon("Q2", brokerFailure).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aStoreThatCannotBeAskedMeansNoReplyAtAll() {
        Throwable down = assertThrows(Throwable.class, () -> queue(r -> Uni.createFrom().failure(Status.UNAVAILABLE.asRuntimeException()))
                .abandon("Q3", brokerFailure).await().indefinitely());
        assertInstanceOf(OutcomeUnknown.class, down);
        Throwable silent = assertThrows(Throwable.class, () -> queue(r -> Uni.createFrom().nothing())
                .abandon("Q4", brokerFailure).await().atMost(Duration.ofSeconds(5)));
        assertInstanceOf(OutcomeUnknown.class, silent, "no answer within smtpd.queue-timeout");
    }
}
