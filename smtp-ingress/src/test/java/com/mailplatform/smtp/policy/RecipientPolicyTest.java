package com.mailplatform.smtp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import com.mailplatform.smtp.SmtpConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The RCPT replies for a full mailbox and a disabled account, and what the recipient cache keeps of them; the store
 * is a stand-in answering ResolveRecipient (the real one over real SMTP: AccountsE2ETest).
 */
class RecipientPolicyTest {

    final Map<String, ResolveRecipientReply> answers = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    final RecipientPolicy policy = new RecipientPolicy();

    RecipientPolicyTest() {
        policy.config = new SmallRyeConfigBuilder().withMapping(SmtpConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(Map.of("smtpd.recipient-cache-ttl", "1h")).build().getConfigMapping(SmtpConfig.class);
        policy.store = (MailboxStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MailboxStore.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("resolveRecipient")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    lookups.incrementAndGet();
                    return Uni.createFrom().item(answers.get(((ResolveRecipientRequest) args[0]).getAddress()));
                });
    }

    String rcpt(String address) throws Exception {
        return policy.decide(MailAddress.parse(address), "192.0.2.7", false).await().indefinitely().reply();
    }

    static ResolveRecipientReply exists(boolean overQuota) {
        return ResolveRecipientReply.newBuilder().setStatus(ResolveRecipientReply.Status.LOCAL_EXISTS).setOverQuota(overQuota).build();
    }

    @Test
    void aFullMailboxGets452AndIsAskedAgainUntilThereIsRoom() throws Exception {
        answers.put("full@example.test", exists(true));
        assertEquals("452 4.2.2 <full@example.test>: Recipient address rejected: Mailbox full", rcpt("full@example.test"));
        assertTrue(rcpt("full@example.test").startsWith("452 4.2.2"));
        assertEquals(2, lookups.get(), "a full mailbox is never cached");
        answers.put("full@example.test", exists(false)); // the user expunged
        assertEquals("250 2.1.5 Ok", rcpt("full@example.test"));
        assertEquals("250 2.1.5 Ok", rcpt("full@example.test"));
        assertEquals(3, lookups.get(), "one with room is");
    }

    @Test
    void aDisabledAccountIsRefusedWith521NotUserUnknownOrAcceptedToBeHeld() throws Exception {
        answers.put("off@example.test", ResolveRecipientReply.newBuilder().setStatus(ResolveRecipientReply.Status.LOCAL_UNKNOWN)
                .setDisabled(true).build());
        RecipientPolicy.Decision d = policy.decide(MailAddress.parse("off@example.test"), "192.0.2.7", false).await().indefinitely();
        assertEquals("550 5.2.1 <off@example.test>: Recipient address rejected: Mailbox disabled", d.reply());
        assertFalse(d.unknownUser(), "not counted as a harvesting probe");

        answers.put("held@example.test", ResolveRecipientReply.newBuilder().setStatus(ResolveRecipientReply.Status.LOCAL_EXISTS)
                .setAccount("held@example.test").setDisabled(true).build());
        assertEquals("250 2.1.5 Ok", rcpt("held@example.test"));
        rcpt("held@example.test");
        assertEquals(3, lookups.get(), "a disabled account is never cached: it may be enabled or refused any time");

        answers.put("nobody@example.test", ResolveRecipientReply.newBuilder().setStatus(ResolveRecipientReply.Status.LOCAL_UNKNOWN).build());
        assertTrue(rcpt("nobody@example.test").startsWith("550 5.1.1 "));
    }
}
