package com.mailplatform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.CreateAccountRequest;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.common.grpc.mailbox.FolderSnapshot;
import com.mailplatform.common.grpc.mailbox.ImportBatch;
import com.mailplatform.common.grpc.mailbox.ImportBatchReply;
import com.mailplatform.common.grpc.mailbox.ImportMessage;
import com.mailplatform.common.grpc.mailbox.ImportOutcome.Status;
import com.mailplatform.common.grpc.mailbox.MailboxAccountSettings;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.MailboxTransfer;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.common.grpc.mailbox.QuotaRequest;
import com.mailplatform.common.grpc.mailbox.SetAccountQuotaRequest;
import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** transfer.proto ImportMessages: the APPEND path, plus "the same import again adds nothing" (V14 import_digests). */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class MailboxImportGrpcTest {

    static final Duration T = Duration.ofSeconds(20);

    @GrpcClient("store")
    MailboxTransfer transfer;

    @GrpcClient("store")
    MailboxImap imap;

    @GrpcClient("store")
    MailboxAdmin admin;

    @GrpcClient("store")
    MailboxAccountSettings settings;

    @Inject
    Pool pool;

    @AfterEach
    void folderCountersMatchTheMessages() {
        CounterCheck.assertCountersMatch(pool);
    }

    private String newAccount() {
        String domain = "imp" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        admin.createDomain(CreateDomainRequest.newBuilder().setName(domain).build()).await().atMost(T);
        String address = "u@" + domain;
        admin.createAccount(CreateAccountRequest.newBuilder().setAddress(address).setPassword("password-123").build()).await().atMost(T);
        return address;
    }

    private static ImportMessage message(String text, long date, String... flags) {
        return ImportMessage.newBuilder().setContent(ByteString.copyFromUtf8(text)).setInternalDateMillis(date).addAllFlags(List.of(flags)).build();
    }

    private ImportBatchReply importInto(String account, String folder, ImportMessage... messages) {
        return transfer.importMessages(ImportBatch.newBuilder().setAccount(account).setFolder(folder).addAllMessages(List.of(messages)).build())
                .await().atMost(T);
    }

    private FolderSnapshot open(String account, String folder) {
        return imap.openFolder(FolderRequest.newBuilder().setAccount(account).setName(folder).build()).await().atMost(T);
    }

    @Test
    void importKeepsFlagsAndDatesAndAddsNothingTheSecondTime() {
        String account = newAccount();
        ImportMessage a = message("Subject: a\r\n\r\nfirst\r\n", 1_000_000_000_000L, "\\Seen", "\\Answered", "$Label1");
        ImportMessage b = message("Subject: b\r\n\r\nsecond\r\n", 1_100_000_000_000L, "\\Flagged");
        ImportBatchReply first = importInto(account, "INBOX", a, b, a);
        assertTrue(first.getFolderFound());
        assertEquals(List.of(Status.STORED, Status.STORED, Status.DUPLICATE), first.getOutcomesList().stream().map(o -> o.getStatus()).toList());

        FolderSnapshot inbox = open(account, "INBOX");
        assertEquals(2, inbox.getMessagesCount());
        MessageState ma = inbox.getMessages(0);
        assertEquals(first.getOutcomes(0).getUid(), ma.getUid());
        assertEquals(Set.of("\\Seen", "\\Answered", "$Label1"), Set.copyOf(ma.getFlagsList()));
        assertEquals(1_000_000_000_000L, ma.getInternalDateMillis());
        assertEquals(1_100_000_000_000L, inbox.getMessages(1).getInternalDateMillis());
        long used = imap.getQuota(QuotaRequest.newBuilder().setAccount(account).build()).await().atMost(T).getUsedBytes();

        // the same run again, in other batches: nothing added, nothing charged
        ImportMessage c = message("Subject: c\r\n\r\nthird\r\n", 0);
        ImportBatchReply again = importInto(account, "INBOX", b, c, a);
        assertEquals(List.of(Status.DUPLICATE, Status.STORED, Status.DUPLICATE), again.getOutcomesList().stream().map(o -> o.getStatus()).toList());
        assertEquals(3, open(account, "INBOX").getMessagesCount());
        assertEquals(used + c.getContent().size(),
                imap.getQuota(QuotaRequest.newBuilder().setAccount(account).build()).await().atMost(T).getUsedBytes());

        // identity is per target folder: the same bytes may go into another folder once
        imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName("Archive").build()).await().atMost(T);
        assertEquals(Status.STORED, importInto(account, "Archive", a).getOutcomes(0).getStatus());
        assertEquals(Status.DUPLICATE, importInto(account, "Archive", a).getOutcomes(0).getStatus());
        assertFalse(importInto(account, "Nowhere", a).getFolderFound());
    }

    @Test
    void uidsAndUidvalidityAreKeptWhenTheFolderAllowsIt() {
        String account = newAccount();
        imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName("Kept").build()).await().atMost(T);
        ImportBatchReply reply = transfer.importMessages(ImportBatch.newBuilder().setAccount(account).setFolder("Kept").setUidvalidity(1234567)
                .addMessages(message("Subject: 5\r\n\r\nfive\r\n", 0).toBuilder().setUid(5))
                .addMessages(message("Subject: 9\r\n\r\nnine\r\n", 0).toBuilder().setUid(9))
                .addMessages(message("Subject: 7\r\n\r\nseven\r\n", 0).toBuilder().setUid(7)).build()).await().atMost(T);
        assertEquals(1234567, reply.getUidvalidity());
        assertEquals(List.of(5L, 9L, 10L), reply.getOutcomesList().stream().map(o -> o.getUid()).toList(), "UIDs only grow: 7 comes after 9");
        assertTrue(reply.getOutcomes(2).getDetail().contains("UID 7 not kept"), reply.getOutcomes(2).getDetail());
        FolderSnapshot kept = open(account, "Kept");
        assertEquals(1234567, kept.getFolder().getUidvalidity());
        assertEquals(11, kept.getFolder().getUidnext());
        // a folder that has handed out UIDs keeps its UIDVALIDITY
        ImportBatchReply later = transfer.importMessages(ImportBatch.newBuilder().setAccount(account).setFolder("Kept").setUidvalidity(42)
                .addMessages(message("Subject: 20\r\n\r\ntwenty\r\n", 0).toBuilder().setUid(20)).build()).await().atMost(T);
        assertEquals(1234567, later.getUidvalidity());
        assertEquals(20, later.getOutcomes(0).getUid());
    }

    @Test
    void aMessageOverQuotaIsRejectedAndTheOthersAreStored() {
        String account = newAccount();
        settings.setAccountQuota(SetAccountQuotaRequest.newBuilder().setAddress(account).setQuotaBytes(200).build()).await().atMost(T);
        ImportMessage small = message("Subject: s\r\n\r\nsmall\r\n", 0);
        ImportMessage big = message("Subject: big\r\n\r\n" + "x".repeat(400) + "\r\n", 0);
        ImportMessage small2 = message("Subject: t\r\n\r\nsmall too\r\n", 0);
        ImportBatchReply reply = importInto(account, "INBOX", small, big, small2);
        assertEquals(List.of(Status.STORED, Status.REJECTED, Status.STORED), reply.getOutcomesList().stream().map(o -> o.getStatus()).toList());
        assertTrue(reply.getOutcomes(1).getDetail().contains("OVERQUOTA"), reply.getOutcomes(1).getDetail());
        assertEquals(2, open(account, "INBOX").getMessagesCount());
        // the rejected one is not remembered: with room it goes in on the next run
        settings.setAccountQuota(SetAccountQuotaRequest.newBuilder().setAddress(account).setQuotaBytes(0).build()).await().atMost(T);
        assertEquals(List.of(Status.DUPLICATE, Status.STORED, Status.DUPLICATE),
                importInto(account, "INBOX", small, big, small2).getOutcomesList().stream().map(o -> o.getStatus()).toList());
    }
}
