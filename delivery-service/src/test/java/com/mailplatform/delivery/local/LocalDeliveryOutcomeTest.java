package com.mailplatform.delivery.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.delivery.log.Outcome;
import org.junit.jupiter.api.Test;

/** What mailbox-store's answers for a disabled account become in the queue and the mail log. */
class LocalDeliveryOutcomeTest {

    static Outcome of(DeliveryResult.Status status) {
        return LocalDeliveryAgent.outcome(DeliveryResult.newBuilder().setRecipient("off@example.test").setStatus(status).build());
    }

    @Test
    void disabledMailboxBouncesAs521OrIsHeldAs421() {
        Outcome bounced = of(DeliveryResult.Status.MAILBOX_DISABLED);
        assertEquals(Outcome.Status.BOUNCED, bounced.status());
        assertEquals("5.2.1", bounced.dsn(), "RFC 3463 X.2.1 Mailbox disabled, not 5.1.1 User unknown");
        Outcome held = of(DeliveryResult.Status.MAILBOX_HELD);
        assertEquals(Outcome.Status.DEFERRED, held.status(), "kept in the queue until the account is enabled again");
        assertEquals("4.2.1", held.dsn());
    }
}
