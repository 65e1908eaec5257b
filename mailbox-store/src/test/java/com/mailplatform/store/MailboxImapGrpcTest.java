package com.mailplatform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.AppendReply;
import com.mailplatform.common.grpc.mailbox.AppendRequest;
import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.CopyReply;
import com.mailplatform.common.grpc.mailbox.CopyRequest;
import com.mailplatform.common.grpc.mailbox.CreateAccountRequest;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.DeliverRequest;
import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.common.grpc.mailbox.ExpungeDeletedRequest;
import com.mailplatform.common.grpc.mailbox.ExpungeMessagesRequest;
import com.mailplatform.common.grpc.mailbox.FetchMessagesRequest;
import com.mailplatform.common.grpc.mailbox.FetchedPart;
import com.mailplatform.common.grpc.mailbox.FlagUpdateRequest;
import com.mailplatform.common.grpc.mailbox.FolderChangeNotice;
import com.mailplatform.common.grpc.mailbox.FolderChangesReply;
import com.mailplatform.common.grpc.mailbox.FolderChangesRequest;
import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.FolderListRequest;
import com.mailplatform.common.grpc.mailbox.FolderRenameRequest;
import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.common.grpc.mailbox.FolderSnapshot;
import com.mailplatform.common.grpc.mailbox.ListMessagesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.MessageInfo;
import com.mailplatform.common.grpc.mailbox.MessageMeta;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.common.grpc.mailbox.SearchTextRequest;
import com.mailplatform.common.grpc.mailbox.SectionSpec;
import com.mailplatform.common.grpc.mailbox.SortDataRequest;
import com.mailplatform.common.grpc.mailbox.SortFields;
import com.mailplatform.common.grpc.mailbox.WatchChangesRequest;
import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MailboxImap RPCs (imap.proto) against the shared embedded PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class MailboxImapGrpcTest {

    static final Duration T = Duration.ofSeconds(20);
    static final String MIME = "From: \"Bob\" <bob@outside.test>\r\nTo: a@x.test, Group: c@x.test;\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\n"
            + "Date: Mon, 3 Feb 2025 10:00:00 +0000\r\nMessage-ID: <m1@outside.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/alternative; boundary=\"B\"\r\n\r\n"
            + "--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain words\r\n"
            + "--B\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--B--\r\n";

    @GrpcClient("store")
    MailboxImap imap;

    @GrpcClient("store")
    MailboxStore store;

    @GrpcClient("store")
    MailboxAdmin admin;

    @Inject
    Pool pool;

    /** Every test here writes messages (delivery, APPEND, COPY, MOVE, STORE, EXPUNGE, RENAME INBOX, DELETE). */
    @AfterEach
    void folderCountersMatchTheMessages() {
        CounterCheck.assertCountersMatch(pool);
    }

    private String newAccount() {
        String domain = "i" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        admin.createDomain(CreateDomainRequest.newBuilder().setName(domain).build()).await().atMost(T);
        String address = "u@" + domain;
        admin.createAccount(CreateAccountRequest.newBuilder().setAddress(address).setPassword("password-123").build()).await().atMost(T);
        return address;
    }

    private AppendReply append(String account, String folder, String content, String... flags) {
        return imap.appendMessage(AppendRequest.newBuilder().setAccount(account).setFolder(folder)
                .setContent(ByteString.copyFromUtf8(content)).addAllFlags(List.of(flags)).build()).await().atMost(T);
    }

    private FolderSnapshot open(String account, String folder) {
        return imap.openFolder(FolderRequest.newBuilder().setAccount(account).setName(folder).build()).await().atMost(T);
    }

    private List<FetchedPart> fetch(String account, long mailboxId, List<Long> uids, boolean meta, String... sections) {
        FetchMessagesRequest.Builder b = FetchMessagesRequest.newBuilder().setAccount(account).setMailboxId(mailboxId).addAllUids(uids).setMeta(meta);
        for (String s : sections) {
            int space = s.indexOf(' ');
            SectionSpec.Builder spec = SectionSpec.newBuilder().setSection(space < 0 ? s : s.substring(0, space));
            if (space > 0) {
                spec.addAllHeaderFields(List.of(s.substring(space + 1).split(" ")));
            }
            b.addSections(spec);
        }
        return imap.fetchMessages(b.build()).collect().asList().await().atMost(T);
    }

    /** The bytes of section {@code index} of message {@code uid}, joined from its chunks; null when no part carries it. */
    private static String section(List<FetchedPart> parts, long uid, int index) {
        StringBuilder sb = null;
        for (FetchedPart p : parts) {
            if (p.getUid() == uid && p.getSection() == index) {
                sb = sb == null ? new StringBuilder() : sb;
                sb.append(p.getData().toString(StandardCharsets.ISO_8859_1));
            }
        }
        return sb == null ? null : sb.toString();
    }

    @Test
    void fetchMessagesStreamsARangeInOneCall() {
        String account = newAccount();
        List<Long> uids = new ArrayList<>();
        // more messages than one content batch (fetch-batch-messages, 64) and one larger than a chunk (64 KiB)
        for (int i = 1; i <= 70; i++) {
            uids.add(append(account, "INBOX", "From: a@x.test\r\nSubject: n" + i + "\r\nX-Other: o\r\n\r\nbody " + i + "\r\n").getUid());
        }
        String big = "Subject: big\r\n\r\n" + "0123456789abcdef".repeat(10_000) + "\r\n";
        long bigUid = append(account, "INBOX", big).getUid();
        uids.add(bigUid);
        long box = open(account, "INBOX").getFolder().getMailboxId();
        List<Long> asked = new ArrayList<>(uids);
        asked.add(bigUid + 1000); // never existed: no part at all
        List<FetchedPart> parts = fetch(account, box, asked, true, "HEADER.FIELDS SUBJECT", "TEXT", "", "9");

        List<Long> ended = parts.stream().filter(FetchedPart::getMessageEnd).map(FetchedPart::getUid).toList();
        assertEquals(uids, ended, "every existing message once, in UID order");
        assertEquals("Subject: n70\r\n\r\n", section(parts, uids.get(69), 0));
        assertEquals("body 70\r\n", section(parts, uids.get(69), 1));
        assertEquals("", section(parts, uids.get(69), 3), "a part that does not exist is empty");
        assertEquals(big, section(parts, bigUid, 2));
        assertTrue(parts.stream().filter(p -> p.getUid() == bigUid && p.getSection() == 2).count() >= 3, "chunked");
        assertTrue(parts.stream().allMatch(p -> p.getData().size() <= 65536));
        FetchedPart first = parts.stream().filter(p -> p.getUid() == uids.get(0)).findFirst().orElseThrow();
        assertTrue(first.getMeta().getEnvelope().contains("\"n1\""), first.getMeta().getEnvelope());

        List<FetchedPart> metaOnly = fetch(account, box, uids, true);
        assertEquals(uids.size(), metaOnly.size());
        assertTrue(metaOnly.stream().allMatch(p -> p.getMessageEnd() && p.getSection() == -1 && p.getData().isEmpty()));

        // another account's mailbox id gives nothing, whatever the UIDs
        assertEquals(List.of(), fetch(newAccount(), box, uids, true, ""));
    }

    private FolderChangesReply changes(String account, long mailboxId, long since) {
        return imap.folderChanges(FolderChangesRequest.newBuilder().setAccount(account).setMailboxId(mailboxId).setSinceModseq(since).build())
                .await().atMost(T);
    }

    @Test
    void newAccountsHaveTheSpecialUseFolders() {
        String account = newAccount();
        Map<String, String> uses = imap.listFolders(FolderListRequest.newBuilder().setAccount(account).build()).await().atMost(T)
                .getFoldersList().stream().collect(Collectors.toMap(FolderInfo::getName, FolderInfo::getSpecialUse));
        assertEquals(Map.of("INBOX", "", "Drafts", "\\Drafts", "Sent", "\\Sent", "Trash", "\\Trash", "Junk", "\\Junk",
                "Archive", "\\Archive"), uses);
    }

    @Test
    void deliveryGoesToTheNamedFolderOrToInboxWhenTheAccountHasNone() {
        String account = newAccount();
        String blob = store.putBlob(Multi.createFrom().item(BlobChunk.newBuilder().setData(ByteString.copyFromUtf8(MIME)).build()))
                .await().atMost(T).getBlobId();
        // DMARC p=quarantine: delivery-service asks for Junk, the folder every new account has.
        assertEquals(DeliveryResult.Status.DELIVERED, deliverInto(account, "Junk", blob).getStatus());
        assertEquals(1, uids(account, "Junk").size());
        assertEquals(0, uids(account, "INBOX").size(), "not in INBOX as well");

        // The user deleted Junk: like Dovecot LDA without lda_mailbox_autocreate, the message goes to INBOX instead,
        // and the folder is not made again.
        assertTrue(imap.deleteFolder(FolderRequest.newBuilder().setAccount(account).setName("Junk").build()).await().atMost(T).getOk());
        DeliveryResult fallback = deliverInto(account, "Junk", blob);
        assertEquals(DeliveryResult.Status.DELIVERED, fallback.getStatus());
        assertEquals(List.of(fallback.getUid()), uids(account, "INBOX"));
        assertFalse(open(account, "Junk").getFound());
        // An unknown account is still unknown, whatever folder is named.
        assertEquals(DeliveryResult.Status.UNKNOWN_RECIPIENT, deliverInto("nobody@" + account.substring(2), "Junk", blob).getStatus());
    }

    private DeliveryResult deliverInto(String account, String folder, String blob) {
        return store.deliver(DeliverRequest.newBuilder().addDeliveries(Delivery.newBuilder().setQueueId("q-" + UUID.randomUUID())
                .setRecipient(account).setBlobId(blob).setMailbox(folder)).build()).await().atMost(T).getResults(0);
    }

    private List<Long> uids(String account, String folder) {
        return store.listMessages(ListMessagesRequest.newBuilder().setAccount(account).setMailbox(folder).build()).await().atMost(T)
                .getMessagesList().stream().map(MessageInfo::getUid).toList();
    }

    @Test
    void deliveryCachesEnvelopeAndBodystructure() {
        String account = newAccount();
        String blob = store.putBlob(Multi.createFrom().item(BlobChunk.newBuilder().setData(ByteString.copyFromUtf8(MIME)).build()))
                .await().atMost(T).getBlobId();
        store.deliver(DeliverRequest.newBuilder().addDeliveries(Delivery.newBuilder().setQueueId("q-" + UUID.randomUUID())
                .setRecipient(account).setBlobId(blob)).build()).await().atMost(T);
        FolderSnapshot inbox = open(account, "INBOX");
        assertEquals(1, inbox.getMessagesCount());
        MessageState m = inbox.getMessages(0);
        assertTrue(m.getSentDateMillis() > 0);
        List<FetchedPart> parts = fetch(account, inbox.getFolder().getMailboxId(), List.of(m.getUid()), true, "2");
        MessageMeta meta = parts.get(0).getMeta();
        assertEquals("(\"Mon, 3 Feb 2025 10:00:00 +0000\" \"=?UTF-8?Q?caf=C3=A9?=\" ((\"Bob\" NIL \"bob\" \"outside.test\"))"
                + " ((\"Bob\" NIL \"bob\" \"outside.test\")) ((\"Bob\" NIL \"bob\" \"outside.test\"))"
                + " ((NIL NIL \"a\" \"x.test\")(NIL NIL \"Group\" NIL)(NIL NIL \"c\" \"x.test\")(NIL NIL NIL NIL)) NIL NIL NIL"
                + " \"<m1@outside.test>\")", meta.getEnvelope());
        assertEquals("((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 11 1)(\"text\" \"html\" (\"charset\" \"us-ascii\")"
                + " NIL NIL \"7bit\" 11 1) \"alternative\")", meta.getBody());
        assertTrue(meta.getBodystructure().endsWith("\"alternative\" (\"boundary\" \"B\") NIL NIL NIL)"), meta.getBodystructure());
        assertEquals(1, parts.size());
        assertEquals("<p>html</p>", parts.get(0).getData().toStringUtf8());
        List<Long> hits = imap.searchText(SearchTextRequest.newBuilder().setAccount(account).setMailboxId(inbox.getFolder().getMailboxId())
                .addUids(m.getUid()).setWhere(SearchTextRequest.Where.HEADER).setField("subject").setNeedle("CAFÉ").build())
                .await().atMost(T).getUidsList();
        assertEquals(List.of(m.getUid()), hits, "encoded words are decoded before matching");
    }

    /** SORT/THREAD keys come from the column filled at APPEND; a row without them (pre-V11) is computed once and kept. */
    @Test
    void sortDataFromTheCachedColumnAndComputedOnceForOlderRows() {
        String account = newAccount();
        long first = append(account, "INBOX", MIME).getUid();
        long second = append(account, "INBOX", "From: =?UTF-8?Q?Zo=C3=A9?= <zoe@x.test>\r\nSubject: Re: [list] Fwd: hello\r\n"
                + "In-Reply-To: <m1@outside.test> <other@x>\r\nMessage-ID: <m2@x.test>\r\n\r\nbody\r\n").getUid();
        long mailboxId = open(account, "INBOX").getFolder().getMailboxId();
        pool.preparedQuery("UPDATE mailbox.messages SET sort_fields = NULL WHERE mailbox_id = $1 AND uid = $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(mailboxId, second)).await().atMost(T);
        SortDataRequest request = SortDataRequest.newBuilder().setAccount(account).setMailboxId(mailboxId)
                .addUids(second).addUids(first).addUids(999).build();
        for (int round = 0; round < 2; round++) {
            List<SortFields> got = imap.sortData(request).await().atMost(T).getMessagesList();
            assertEquals(List.of(first, second), got.stream().map(SortFields::getUid).toList());
            SortFields a = got.get(0);
            assertEquals("café", a.getSubject());
            assertEquals("bob", a.getFromMailbox());
            assertEquals("Bob", a.getFromDisplay());
            assertEquals("a", a.getToMailbox());
            assertEquals("a@x.test", a.getToDisplay());
            assertEquals("", a.getCcMailbox());
            assertEquals("<m1@outside.test>", a.getMessageId());
            assertTrue(a.getSentDateMillis() > 0);
            SortFields b = got.get(1);
            assertEquals("Re: [list] Fwd: hello", b.getSubject());
            assertEquals("Zoé", b.getFromDisplay());
            assertEquals(0, b.getSentDateMillis());
            assertEquals(List.of("<m1@outside.test>"), b.getReferencesList(), "first In-Reply-To id when there are no References");
        }
        long cached = pool.preparedQuery("SELECT count(*) FROM mailbox.messages WHERE mailbox_id = $1 AND sort_fields IS NOT NULL")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(mailboxId)).await().atMost(T).iterator().next().getLong(0);
        assertEquals(2, cached, "the computed keys were written back");
    }

    @Test
    void flagsExpungeAndChangesByModseq() {
        String account = newAccount();
        AppendReply a1 = append(account, "INBOX", "Subject: one\r\n\r\n1\r\n");
        AppendReply a2 = append(account, "INBOX", "Subject: two\r\n\r\n2\r\n", "\\Seen");
        FolderSnapshot snap = open(account, "INBOX");
        long box = snap.getFolder().getMailboxId();
        long mark = snap.getFolder().getHighestmodseq();
        assertEquals(List.of("\\Seen"), snap.getMessages(1).getFlagsList());

        List<MessageState> updated = imap.updateFlags(FlagUpdateRequest.newBuilder().setAccount(account).setMailboxId(box)
                .addUids(a1.getUid()).addUids(a2.getUid()).setMode(FlagUpdateRequest.Mode.ADD).addFlags("\\Deleted").build())
                .await().atMost(T).getUpdatedList();
        assertEquals(2, updated.size());
        FolderInfo counted = open(account, "INBOX").getFolder();
        assertEquals(2, counted.getMessages());
        assertEquals(1, counted.getUnseen());
        assertEquals(2, counted.getDeleted());
        FolderChangesReply c1 = changes(account, box, mark);
        assertEquals(2, c1.getChangedCount());
        assertEquals(0, c1.getExpungedUidsCount());

        // POP3's expunge leaves tombstones too, so IMAP sessions learn of it
        store.expungeMessages(ExpungeMessagesRequest.newBuilder().setAccount(account).setMailbox("INBOX").addUids(a2.getUid()).build())
                .await().atMost(T);
        List<Long> gone = imap.expungeDeleted(ExpungeDeletedRequest.newBuilder().setAccount(account).setMailboxId(box).build())
                .await().atMost(T).getExpungedUidsList();
        assertEquals(List.of(a1.getUid()), gone);
        FolderChangesReply c2 = changes(account, box, c1.getHighestmodseq());
        assertEquals(List.of(a1.getUid(), a2.getUid()), c2.getExpungedUidsList());
        assertEquals(0, changes(account, box, c2.getHighestmodseq()).getExpungedUidsCount());
        assertEquals(0, open(account, "INBOX").getMessagesCount());
        FolderInfo empty = open(account, "INBOX").getFolder();
        assertEquals(List.of(0L, 0L, 0L, 0L), List.of(empty.getMessages(), empty.getUnseen(), empty.getDeleted(), empty.getSize()));
    }

    @Test
    void copyMoveRenameAndTheChangeStream() throws Exception {
        String account = newAccount();
        LinkedBlockingQueue<FolderChangeNotice> notices = new LinkedBlockingQueue<>();
        Cancellable watch = imap.watchChanges(WatchChangesRequest.getDefaultInstance()).subscribe().with(notices::add);
        try {
            Thread.sleep(300);
            AppendReply a = append(account, "INBOX", "Subject: x\r\n\r\nx\r\n");
            long inbox = open(account, "INBOX").getFolder().getMailboxId();
            FolderChangeNotice n = notices.poll(5, TimeUnit.SECONDS);
            while (n != null && n.getMailboxId() != inbox) {
                n = notices.poll(5, TimeUnit.SECONDS);
            }
            assertTrue(n != null && n.getModseq() > 0, "APPEND is announced on the change stream");

            CopyReply copy = imap.copyMessages(CopyRequest.newBuilder().setAccount(account).setMailboxId(inbox).addUids(a.getUid())
                    .setTarget("Archive").build()).await().atMost(T);
            assertTrue(copy.getTargetFound());
            assertEquals(List.of(a.getUid()), copy.getSourceUidsList());
            assertEquals(1, copy.getTargetUidsCount());
            CopyReply move = imap.copyMessages(CopyRequest.newBuilder().setAccount(account).setMailboxId(inbox).addUids(a.getUid())
                    .setTarget("Trash").setMove(true).build()).await().atMost(T);
            assertEquals(1, move.getTargetUidsCount());
            assertEquals(0, open(account, "INBOX").getMessagesCount());
            assertEquals(1, open(account, "Trash").getMessagesCount());
            assertEquals(0, open(account, "INBOX").getFolder().getMessages());
            assertEquals(1, open(account, "Trash").getFolder().getMessages());
            assertEquals(1, open(account, "Archive").getFolder().getMessages());
            assertEquals(open(account, "Archive").getFolder().getSize(), open(account, "Trash").getFolder().getSize());
            assertFalse(imap.copyMessages(CopyRequest.newBuilder().setAccount(account).setMailboxId(inbox).addUids(a.getUid())
                    .setTarget("Nope").build()).await().atMost(T).getTargetFound());

            // RFC 9051 section 6.3.6: renaming INBOX moves its messages and leaves an empty INBOX
            append(account, "INBOX", "Subject: y\r\n\r\ny\r\n");
            assertTrue(imap.renameFolder(FolderRenameRequest.newBuilder().setAccount(account).setFrom("INBOX").setTo("Old").build())
                    .await().atMost(T).getOk());
            assertEquals(0, open(account, "INBOX").getMessagesCount());
            assertEquals(1, open(account, "Old").getMessagesCount());
            assertEquals(1, open(account, "Old").getFolder().getMessages());
            assertEquals(0, open(account, "INBOX").getFolder().getMessages());
            assertFalse(imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName("Old").build()).await().atMost(T).getOk());
            assertTrue(imap.deleteFolder(FolderRequest.newBuilder().setAccount(account).setName("Old").build()).await().atMost(T).getOk());
            assertFalse(imap.deleteFolder(FolderRequest.newBuilder().setAccount(account).setName("INBOX").build()).await().atMost(T).getOk());
        } finally {
            watch.cancel();
        }
    }
}
