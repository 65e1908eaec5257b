package com.mailplatform.delivery.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.mailplatform.common.grpc.mailbox.MailboxDkimClient;
import com.mailplatform.delivery.TestConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The signing step with mailbox-store unreachable (a real gRPC channel to a closed port): mail that may need a
 * signature is held back, mail that cannot be signed goes as it is without asking the store.
 */
class OutboundSignerTest {

    private static ManagedChannel channel;
    private static OutboundSigner signer;

    @BeforeAll
    static void signerWithTheStoreDown() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", 1).usePlaintext().build();
        DkimConfig config = new SmallRyeConfigBuilder().withMapping(DkimConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()).build().getConfigMapping(DkimConfig.class);
        SigningKeys keys = new SigningKeys();
        keys.dkim = new MailboxDkimClient("mailbox-store", channel, (name, stub) -> stub);
        keys.delivery = TestConfig.of(Map.of("delivery.store-timeout", "10s"));
        keys.config = config;
        signer = new OutboundSigner(keys, config);
    }

    @AfterAll
    static void close() {
        channel.shutdownNow();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void anUnreachableStoreDefersRatherThanSendingUnsigned() {
        UniAssertSubscriber<byte[]> s = signer.sign("Q1", bytes("From: a@signed.test\r\nSubject: x\r\n\r\nbody\r\n"))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        Throwable failure = s.awaitFailure(Duration.ofSeconds(30)).getFailure();
        assertEquals(StatusRuntimeException.class, failure.getClass(), failure.toString());
        assertEquals(Status.Code.UNAVAILABLE, ((StatusRuntimeException) failure).getStatus().getCode());
    }

    @Test
    void mailWithoutOneAuthorDomainGoesUnchangedWithoutAskingTheStore() {
        for (String m : new String[] {
                "Subject: no From\r\n\r\nbody\r\n",
                "From: a@one.test\r\nFrom: b@two.test\r\n\r\ntwo From fields\r\n",
                "From: a@one.test, b@two.test\r\n\r\ntwo Author Domains\r\n",
                "From: undisclosed:;\r\n\r\nan empty group\r\n"}) {
            byte[] content = bytes(m);
            assertSame(content, signer.sign("Q2", content).await().atMost(Duration.ofSeconds(30)), m);
        }
    }
}
