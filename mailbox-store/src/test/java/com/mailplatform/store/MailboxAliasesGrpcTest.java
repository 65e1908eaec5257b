package com.mailplatform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.AccountUsage;
import com.mailplatform.common.grpc.mailbox.AccountUsageRequest;
import com.mailplatform.common.grpc.mailbox.Alias;
import com.mailplatform.common.grpc.mailbox.AliasPage;
import com.mailplatform.common.grpc.mailbox.AuthenticateRequest;
import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.CreateAccountRequest;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.Domain;
import com.mailplatform.common.grpc.mailbox.DeleteAliasRequest;
import com.mailplatform.common.grpc.mailbox.DeliverRequest;
import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.common.grpc.mailbox.DomainUsage;
import com.mailplatform.common.grpc.mailbox.DomainUsageRequest;
import com.mailplatform.common.grpc.mailbox.ExpandRequest;
import com.mailplatform.common.grpc.mailbox.ListAliasesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAccountSettings;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.MailboxAliases;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import com.mailplatform.common.grpc.mailbox.SetAccountDisabledRequest;
import com.mailplatform.common.grpc.mailbox.SetAccountQuotaRequest;
import com.mailplatform.common.grpc.mailbox.SetDomainDefaultQuotaRequest;
import com.mailplatform.store.delivery.LocalDelivery;
import com.mailplatform.testsupport.SharedInfraResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Aliases, catch-alls, quotas and usage against the real schema in the shared embedded PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class MailboxAliasesGrpcTest {

    static final Duration T = Duration.ofSeconds(20);

    @GrpcClient("store")
    MailboxStore store;

    @GrpcClient("store")
    MailboxAdmin admin;

    @GrpcClient("store")
    MailboxAliases aliases;

    @GrpcClient("store")
    MailboxAccountSettings settings;

    @Inject
    Pool pool;

    private String newDomain() {
        String domain = "a" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        admin.createDomain(CreateDomainRequest.newBuilder().setName(domain).build()).await().atMost(T);
        return domain;
    }

    private void newAccount(String address) {
        admin.createAccount(CreateAccountRequest.newBuilder().setAddress(address).setPassword("long-enough-pw").build()).await().atMost(T);
    }

    private Alias alias(String address, String... targets) {
        return aliases.createAlias(Alias.newBuilder().setAddress(address).addAllTargets(List.of(targets)).build()).await().atMost(T);
    }

    private List<String> expand(String address) {
        return aliases.expand(ExpandRequest.newBuilder().setAddress(address).build()).await().atMost(T).getRecipientsList();
    }

    private ResolveRecipientReply.Status resolve(String address) {
        return store.resolveRecipient(ResolveRecipientRequest.newBuilder().setAddress(address).build()).await().atMost(T).getStatus();
    }

    @Test
    void aliasesForwardsAndCatchAll() {
        String d = newDomain();
        newAccount("ann@" + d);
        newAccount("bob@" + d);
        Alias team = alias("Team@" + d, "ann@" + d, "Bob@" + d, "ann@" + d, "ext@Remote.example");
        assertEquals("team@" + d, team.getAddress());
        assertEquals(List.of("ann@" + d, "bob@" + d, "ext@remote.example"), team.getTargetsList(), "case-folded, de-duplicated");
        assertTrue(team.getCreatedMillis() > 0);
        alias("all@" + d, "team@" + d, "bob@" + d);
        alias("ann@" + d, "ann@" + d, "ann@elsewhere.example");

        assertEquals(List.of("ann@" + d, "ann@elsewhere.example", "bob@" + d, "ext@remote.example"), expand("ALL@" + d));
        assertEquals(List.of("bob@" + d), expand("bob@" + d));

        assertEquals(ResolveRecipientReply.Status.LOCAL_EXISTS, resolve("team@" + d));
        assertEquals(ResolveRecipientReply.Status.LOCAL_UNKNOWN, resolve("stranger@" + d));
        alias("@" + d, "bob@" + d);
        assertEquals(ResolveRecipientReply.Status.LOCAL_EXISTS, resolve("stranger@" + d));
        assertEquals(List.of("bob@" + d), expand("stranger@" + d));
        assertEquals(ResolveRecipientReply.Status.NOT_LOCAL, resolve("x@not-ours-" + d));

        AliasPage page = aliases.listAliases(ListAliasesRequest.newBuilder().setDomain(d).setLimit(2).build()).await().atMost(T);
        assertEquals(4, page.getTotal());
        assertEquals(List.of("@" + d, "all@" + d), page.getItemsList().stream().map(Alias::getAddress).toList());
        AliasPage past = aliases.listAliases(ListAliasesRequest.newBuilder().setDomain(d).setOffset(50).build()).await().atMost(T);
        assertEquals(4, past.getTotal());
        assertEquals(0, past.getItemsCount());

        assertTrue(aliases.deleteAlias(DeleteAliasRequest.newBuilder().setAddress("@" + d).build()).await().atMost(T).getDeleted());
        assertEquals(ResolveRecipientReply.Status.LOCAL_UNKNOWN, resolve("stranger@" + d));
        assertStatus(Status.Code.NOT_FOUND, () -> aliases.deleteAlias(DeleteAliasRequest.newBuilder().setAddress("@" + d).build()).await().atMost(T));
    }

    @Test
    void loopsAreCutAndBadInputIsRefused() {
        String d = newDomain();
        newAccount("carl@" + d);
        alias("ping@" + d, "pong@" + d);
        alias("pong@" + d, "ping@" + d, "carl@" + d);
        assertEquals(List.of("carl@" + d), expand("ping@" + d));

        assertStatus(Status.Code.ALREADY_EXISTS, () -> alias("ping@" + d, "carl@" + d));
        assertStatus(Status.Code.NOT_FOUND, () -> alias("x@missing-" + d, "carl@" + d));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> alias("x@" + d));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> alias("x@" + d, "not an address"));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> alias("@", "carl@" + d));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> alias("bad..dots@" + d, "carl@" + d));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> expand("<>"));
    }

    /**
     * Issue 14 (RFC 6531): accounts, aliases and catch-alls with UTF-8 local parts and U-label domains, looked up
     * through platform-common's one normalization (case, NFC, A-label), so "\u00fc@corp.test" no longer gets
     * INVALID_ARGUMENT (which smtp-ingress answered with 451, and delivery-service retried forever).
     */
    @Test
    void utf8AccountsAliasesAndDomains() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Domain created = admin.createDomain(CreateDomainRequest.newBuilder().setName("B\u00fccher-" + id + ".test").build()).await().atMost(T);
        String ulabel = "b\u00fccher-" + id + ".test";
        String alabel = java.net.IDN.toASCII(ulabel);
        assertEquals(alabel, created.getName(), "a domain is kept as its A-label");
        newAccount("J\u00fcrgen@" + ulabel);
        assertEquals(ResolveRecipientReply.Status.LOCAL_EXISTS, resolve("j\u00fcrgen@" + alabel));
        assertEquals(ResolveRecipientReply.Status.LOCAL_EXISTS, resolve("JU\u0308RGEN@" + ulabel), "NFD and upper case: the same account");
        assertEquals("j\u00fcrgen@" + alabel, store.resolveRecipient(ResolveRecipientRequest.newBuilder().setAddress("J\u00fcrgen@" + ulabel)
                .build()).await().atMost(T).getAccount());
        assertEquals(ResolveRecipientReply.Status.LOCAL_UNKNOWN, resolve("\u00fc@" + ulabel));

        Alias a = alias("\u00dc@" + ulabel, "J\u00fcrgen@" + alabel, "\u00f6@Remote.example");
        assertEquals("\u00fc@" + alabel, a.getAddress());
        assertEquals(List.of("j\u00fcrgen@" + alabel, "\u00f6@remote.example"), expand("u\u0308@" + ulabel));
        alias("@" + ulabel, "j\u00fcrgen@" + ulabel);
        assertEquals(ResolveRecipientReply.Status.LOCAL_EXISTS, resolve("\u00e9l\u00e8ve@" + ulabel), "the catch-all takes UTF-8 too");
        assertEquals(List.of("j\u00fcrgen@" + alabel), expand("\u00e9l\u00e8ve@" + alabel));

        byte[] content = ("Subject: utf8 " + id + "\r\n\r\nhallo\r\n").getBytes(StandardCharsets.US_ASCII);
        String blob = store.putBlob(Multi.createFrom().item(BlobChunk.newBuilder().setData(ByteString.copyFrom(content)).build()))
                .await().atMost(T).getBlobId();
        assertEquals(DeliveryResult.Status.DELIVERED, deliver("U1" + id, "j\u00fcrgen@" + alabel, blob));

        assertStatus(Status.Code.INVALID_ARGUMENT, () -> resolve("ad\u202emin@" + ulabel));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> newAccount("\u00fc".repeat(33) + "@" + ulabel));
    }

    @Test
    void domainDefaultQuotaIsEnforcedAndUsageReported() {
        String d = newDomain();
        String acct = "quota@" + d;
        newAccount(acct);
        byte[] content = ("Subject: q " + UUID.randomUUID() + "\r\n\r\n" + "x".repeat(500) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        String blob = store.putBlob(Multi.createFrom().item(BlobChunk.newBuilder().setData(ByteString.copyFrom(content)).build()))
                .await().atMost(T).getBlobId();

        DomainUsage du = settings.setDomainDefaultQuota(SetDomainDefaultQuotaRequest.newBuilder().setDomain(d.toUpperCase())
                .setDefaultQuotaBytes(content.length + 10).build()).await().atMost(T);
        assertEquals(content.length + 10, du.getDefaultQuotaBytes());
        assertEquals(1, du.getAccounts());

        assertFalse(reply(acct).getOverQuota());
        assertEquals(DeliveryResult.Status.DELIVERED, deliver("Q1" + d, acct, blob));
        assertFalse(reply(acct).getOverQuota(), "10 bytes are left: RCPT still accepts (delivery defers what does not fit)");
        assertEquals(DeliveryResult.Status.OVER_QUOTA, deliver("Q2" + d, acct, blob), "the domain's default applies");
        settings.setDomainDefaultQuota(SetDomainDefaultQuotaRequest.newBuilder().setDomain(d).setDefaultQuotaBytes(content.length).build())
                .await().atMost(T);
        ResolveRecipientReply full = reply(acct);
        assertEquals(ResolveRecipientReply.Status.LOCAL_EXISTS, full.getStatus());
        assertTrue(full.getOverQuota(), "not one byte fits: RCPT answers 452 4.2.2");
        settings.setDomainDefaultQuota(SetDomainDefaultQuotaRequest.newBuilder().setDomain(d).setDefaultQuotaBytes(content.length + 10).build())
                .await().atMost(T);

        AccountUsage u = usage(acct);
        assertEquals(0, u.getQuotaBytes());
        assertEquals(content.length + 10, u.getEffectiveQuotaBytes());
        assertEquals(content.length, u.getUsedBytes());
        assertEquals(1, u.getMessages());

        settings.setAccountQuota(SetAccountQuotaRequest.newBuilder().setAddress(acct).setQuotaBytes(10L * content.length).build()).await().atMost(T);
        assertEquals(DeliveryResult.Status.DELIVERED, deliver("Q3" + d, acct, blob), "the account's own quota wins");
        du = settings.getDomainUsage(DomainUsageRequest.newBuilder().setDomain(d).build()).await().atMost(T);
        assertEquals(2L * content.length, du.getUsedBytes());
        assertEquals(2, du.getMessages());

        assertStatus(Status.Code.INVALID_ARGUMENT, () -> settings.setAccountQuota(SetAccountQuotaRequest.newBuilder().setAddress(acct).setQuotaBytes(-1).build()).await().atMost(T));
        assertStatus(Status.Code.NOT_FOUND, () -> usage("nobody@" + d));
        assertStatus(Status.Code.NOT_FOUND, () -> settings.getDomainUsage(DomainUsageRequest.newBuilder().setDomain("missing-" + d).build()).await().atMost(T));
    }

    @Test
    void disabledAccountCannotLogInOrReceive() {
        String d = newDomain();
        String acct = "dis@" + d;
        newAccount(acct);
        assertTrue(settings.setAccountDisabled(SetAccountDisabledRequest.newBuilder().setAddress(acct).setDisabled(true).build()).await().atMost(T).getDisabled());
        assertFalse(store.authenticate(AuthenticateRequest.newBuilder().setUsername(acct).setPassword("long-enough-pw").build()).await().atMost(T).getOk());
        alias("@" + d, "dis@" + d);
        assertEquals(ResolveRecipientReply.Status.LOCAL_UNKNOWN, resolve(acct), "a catch-all does not resurrect a disabled account");
        assertTrue(reply(acct).getDisabled(), "RCPT answers 550 5.2.1 Mailbox disabled, not 5.1.1 User unknown");
        byte[] content = ("Subject: disabled\r\n\r\nx\r\n").getBytes(StandardCharsets.US_ASCII);
        String blob = store.putBlob(Multi.createFrom().item(BlobChunk.newBuilder().setData(ByteString.copyFrom(content)).build()))
                .await().atMost(T).getBlobId();
        assertEquals(DeliveryResult.Status.MAILBOX_DISABLED, deliver("D1" + d, acct, blob),
                "mailbox.disabled-account-mail=reject (the default): bounced 5.2.1, not as an unknown user");
        assertEquals(DeliveryResult.Status.MAILBOX_HELD, new LocalDelivery(pool, 1 << 20, true).deliver(List.of(Delivery.newBuilder()
                .setQueueId("D2" + d).setRecipient(acct).setBlobId(blob).build())).await().atMost(T).get(0).getStatus(),
                "=hold: deferred in the queue until the account is enabled");
        assertFalse(usage(acct).getDisabled() == false);
        settings.setAccountDisabled(SetAccountDisabledRequest.newBuilder().setAddress(acct).setDisabled(false).build()).await().atMost(T);
        assertTrue(store.authenticate(AuthenticateRequest.newBuilder().setUsername(acct).setPassword("long-enough-pw").build()).await().atMost(T).getOk());
    }

    private ResolveRecipientReply reply(String address) {
        return store.resolveRecipient(ResolveRecipientRequest.newBuilder().setAddress(address).build()).await().atMost(T);
    }

    private AccountUsage usage(String acct) {
        return settings.getAccountUsage(AccountUsageRequest.newBuilder().setAddress(acct).build()).await().atMost(T);
    }

    private DeliveryResult.Status deliver(String queueId, String rcpt, String blob) {
        return store.deliver(DeliverRequest.newBuilder().addDeliveries(Delivery.newBuilder().setQueueId(queueId).setRecipient(rcpt)
                .setBlobId(blob)).build()).await().atMost(T).getResults(0).getStatus();
    }

    private static void assertStatus(Status.Code code, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(code, e.getStatus().getCode(), e.getMessage());
    }
}
