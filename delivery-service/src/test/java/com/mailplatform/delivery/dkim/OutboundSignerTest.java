package com.mailplatform.delivery.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.mailplatform.testsupport.SharedInfraResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The signing step as delivery runs it, with mailbox-store unreachable (the test profile points it at port 1): mail
 * that may need a signature is held back, mail that cannot be signed goes as it is without asking the store.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class OutboundSignerTest {

    @Inject
    OutboundSigner signer;

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
