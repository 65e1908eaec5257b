package com.mailplatform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.ActiveSieveScriptsRequest;
import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.CreateAccountRequest;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.DeliverRequest;
import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.MailboxSieve;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.RenameSieveScriptRequest;
import com.mailplatform.common.grpc.mailbox.SieveAccountRequest;
import com.mailplatform.common.grpc.mailbox.SieveScript;
import com.mailplatform.common.grpc.mailbox.SieveScriptInfo;
import com.mailplatform.common.grpc.mailbox.SieveScriptList;
import com.mailplatform.common.grpc.mailbox.SieveScriptRef;
import com.mailplatform.common.grpc.mailbox.SieveSpaceRequest;
import com.mailplatform.testsupport.SharedInfraResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Sieve scripts (sieve.proto) and flags given at delivery, against the shared embedded PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class MailboxSieveGrpcTest {

    static final Duration T = Duration.ofSeconds(20);

    @GrpcClient("store")
    MailboxSieve sieve;

    @GrpcClient("store")
    MailboxAdmin admin;

    @GrpcClient("store")
    MailboxStore store;

    @GrpcClient("store")
    MailboxImap imap;

    private String newAccount() {
        String domain = "s" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        admin.createDomain(CreateDomainRequest.newBuilder().setName(domain).build()).await().atMost(T);
        String address = "u@" + domain;
        admin.createAccount(CreateAccountRequest.newBuilder().setAddress(address).setPassword("password-123").build()).await().atMost(T);
        return address;
    }

    private SieveScriptList put(String account, String name, String content) {
        return sieve.putSieveScript(SieveScript.newBuilder().setAccount(account).setName(name).setContent(content).build()).await().atMost(T);
    }

    private SieveScriptList activate(String account, String name) {
        return sieve.setActiveSieveScript(SieveScriptRef.newBuilder().setAccount(account).setName(name).build()).await().atMost(T);
    }

    private static Status.Code code(Supplier<?> call) {
        return assertThrows(StatusRuntimeException.class, call::get).getStatus().getCode();
    }

    @Test
    void scriptsPerAccountWithOneActive() {
        String acct = newAccount();
        put(acct, "a", "keep;");
        SieveScriptList l = put(acct, "b", "discard;");
        assertEquals(List.of("a", "b"), l.getScriptsList().stream().map(SieveScriptInfo::getName).toList());
        assertEquals(8, l.getScripts(1).getSize());

        activate(acct, "a");
        l = activate(acct, "b");
        assertEquals(List.of(false, true), l.getScriptsList().stream().map(SieveScriptInfo::getActive).toList(),
                "RFC 5804 section 2.8: activating one deactivates the other");
        assertEquals(Status.Code.NOT_FOUND, code(() -> activate(acct, "nope")));
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> sieve.deleteSieveScript(
                SieveScriptRef.newBuilder().setAccount(acct).setName("b").build()).await().atMost(T)));

        // replacing keeps the activity; the content is the new one
        put(acct, "b", "fileinto \"x\";");
        SieveScript got = sieve.getSieveScript(SieveScriptRef.newBuilder().setAccount(acct).setName("b").build()).await().atMost(T);
        assertTrue(got.getActive());
        assertEquals("fileinto \"x\";", got.getContent());

        // rename: the activity moves with it; a taken name is refused
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> sieve.renameSieveScript(RenameSieveScriptRequest.newBuilder()
                .setAccount(acct).setOldName("b").setNewName("a").build()).await().atMost(T)));
        l = sieve.renameSieveScript(RenameSieveScriptRequest.newBuilder().setAccount(acct).setOldName("b").setNewName("c").build())
                .await().atMost(T);
        assertEquals("c", l.getScripts(1).getName());
        assertTrue(l.getScripts(1).getActive());

        var active = sieve.activeSieveScripts(ActiveSieveScriptsRequest.newBuilder().addAccounts(acct)
                .addAccounts(newAccount()).addAccounts("not an address").build()).await().atMost(T);
        assertEquals(1, active.getScriptsCount());
        assertEquals("c", active.getScripts(0).getName());

        l = activate(acct, "");
        assertFalse(l.getScriptsList().stream().anyMatch(SieveScriptInfo::getActive));
        sieve.deleteSieveScript(SieveScriptRef.newBuilder().setAccount(acct).setName("c").build()).await().atMost(T);
        assertEquals(1, sieve.listSieveScripts(SieveAccountRequest.newBuilder().setAccount(acct).build()).await().atMost(T).getScriptsCount());
    }

    @Test
    void namesAndLimitsAreChecked() {
        String acct = newAccount();
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> put(acct, "", "keep;")));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> put(acct, "a\u0000b", "keep;")));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> put(acct, "a\u2028", "keep;")));
        assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> put(acct, "../x", "keep;")));
        put(acct, "caf\u00e9", "keep;");
        StatusRuntimeException big = assertThrows(StatusRuntimeException.class, () -> put(acct, "big", "#".repeat(65537)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, big.getStatus().getCode());
        assertTrue(big.getStatus().getDescription().startsWith("maxsize"));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, code(() -> sieve.haveSieveSpace(SieveSpaceRequest.newBuilder()
                .setAccount(acct).setName("x").setSize(1_000_000).build()).await().atMost(T)));
        for (int i = 1; i < 20; i++) {
            put(acct, "s" + i, "keep;");
        }
        StatusRuntimeException many = assertThrows(StatusRuntimeException.class, () -> put(acct, "one-too-many", "keep;"));
        assertTrue(many.getStatus().getDescription().startsWith("maxscripts"));
        put(acct, "s1", "discard;"); // replacing an existing one is no new script
        assertEquals(Status.Code.NOT_FOUND, code(() -> sieve.listSieveScripts(SieveAccountRequest.newBuilder()
                .setAccount("nobody@nowhere.test").build()).await().atMost(T)));
    }

    @Test
    void deliveryStoresTheFlagsSieveSet() {
        String acct = newAccount();
        String blob = store.putBlob(Multi.createFrom().item(BlobChunk.newBuilder()
                        .setData(ByteString.copyFromUtf8("Subject: f\r\n\r\nbody\r\n")).build()))
                .await().atMost(T).getBlobId();
        DeliveryResult r = store.deliver(DeliverRequest.newBuilder().addDeliveries(Delivery.newBuilder().setQueueId("SF" + UUID.randomUUID())
                .setRecipient(acct).setBlobId(blob).addFlags("\\Flagged").addFlags("$Work").build()).build()).await().atMost(T).getResults(0);
        assertEquals(DeliveryResult.Status.DELIVERED, r.getStatus());
        var inbox = imap.openFolder(FolderRequest.newBuilder().setAccount(acct).setName("INBOX").build()).await().atMost(T);
        assertEquals(java.util.Set.of("\\Flagged", "$Work"), java.util.Set.copyOf(inbox.getMessages(0).getFlagsList()));
    }
}
