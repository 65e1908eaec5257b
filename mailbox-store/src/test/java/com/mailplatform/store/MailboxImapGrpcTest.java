package com.mailplatform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.AppendItem;
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
import com.mailplatform.common.grpc.mailbox.FolderSubscribeRequest;
import com.mailplatform.common.grpc.mailbox.FolderListReply;
import com.mailplatform.common.grpc.mailbox.ImportBatch;
import com.mailplatform.common.grpc.mailbox.ImportBatchReply;
import com.mailplatform.common.grpc.mailbox.ImportMessage;
import com.mailplatform.common.grpc.mailbox.ImportOutcome.Status;
import com.mailplatform.common.grpc.mailbox.MailboxTransfer;
import java.util.Set;
import com.mailplatform.common.grpc.mailbox.ListMessagesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAccountSettings;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.QuotaReply;
import com.mailplatform.common.grpc.mailbox.QuotaRequest;
import com.mailplatform.common.grpc.mailbox.SetAccountQuotaRequest;
import com.mailplatform.common.grpc.mailbox.SetDomainDefaultQuotaRequest;
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
import com.mailplatform.store.blob.BlobStore;
import com.mailplatform.store.imap.MessageText;
import com.mailplatform.store.imap.TextBackfill;
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
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Base64;
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

    @GrpcClient("store")
    MailboxAccountSettings settings;

    @Inject
    Pool pool;

    @Inject
    BlobStore blobStore;

    @Inject
    StoreConfig config;

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

    /** RFC 3501 section 2.3.2: each message is \Recent for exactly one session, the first to claim it; EXAMINE only peeks. */
    @Test
    void recentIsClaimedByExactlyOneSession() {
        String account = newAccount();
        append(account, "INBOX", "Subject: r1\r\n\r\nx\r\n");
        append(account, "INBOX", "Subject: r2\r\n\r\nx\r\n");
        FolderSnapshot peeked = open(account, "INBOX");
        assertEquals(List.of(0L, 2L), List.of(peeked.getRecentAfterUid(), peeked.getRecentThroughUid()), "EXAMINE sees both as recent");
        assertEquals(2, status(account).getRecent());
        FolderSnapshot first = imap.openFolder(FolderRequest.newBuilder().setAccount(account).setName("INBOX").setClaimRecent(true).build())
                .await().atMost(T);
        assertEquals(List.of(0L, 2L), List.of(first.getRecentAfterUid(), first.getRecentThroughUid()), "the first SELECT claims both");
        FolderSnapshot second = imap.openFolder(FolderRequest.newBuilder().setAccount(account).setName("INBOX").setClaimRecent(true).build())
                .await().atMost(T);
        assertEquals(second.getRecentAfterUid(), second.getRecentThroughUid(), "a second SELECT gets none");
        assertEquals(0, status(account).getRecent());
        long box = first.getFolder().getMailboxId();
        long uid3 = append(account, "INBOX", "Subject: r3\r\n\r\nx\r\n").getUid();
        assertEquals(1, status(account).getRecent());
        FolderChangesReply claimed = imap.folderChanges(FolderChangesRequest.newBuilder().setAccount(account).setMailboxId(box)
                .setSinceModseq(first.getFolder().getHighestmodseq()).setClaimRecent(true).build()).await().atMost(T);
        assertEquals(List.of(2L, uid3), List.of(claimed.getRecentAfterUid(), claimed.getRecentThroughUid()));
        assertTrue(claimed.getChangedList().stream().anyMatch(m -> m.getUid() == uid3), "the claimed message is in the same reply");
        FolderChangesReply again = imap.folderChanges(FolderChangesRequest.newBuilder().setAccount(account).setMailboxId(box)
                .setSinceModseq(first.getFolder().getHighestmodseq()).setClaimRecent(true).build()).await().atMost(T);
        assertEquals(again.getRecentAfterUid(), again.getRecentThroughUid(), "claimed once only");
        assertEquals(0, status(account).getRecent());
    }

    private FolderInfo status(String account) {
        return imap.listFolders(FolderListRequest.newBuilder().setAccount(account).setWithCounts(true).build()).await().atMost(T)
                .getFoldersList().stream().filter(f -> f.getName().equals("INBOX")).findFirst().orElseThrow();
    }

    @Test
    void newAccountsHaveTheSpecialUseFolders() {
        String account = newAccount();
        Map<String, String> uses = imap.listFolders(FolderListRequest.newBuilder().setAccount(account).build()).await().atMost(T)
                .getFoldersList().stream().collect(Collectors.toMap(FolderInfo::getName, FolderInfo::getSpecialUse));
        assertEquals(Map.of("INBOX", "", "Drafts", "\\Drafts", "Sent", "\\Sent", "Trash", "\\Trash", "Junk", "\\Junk",
                "Archive", "\\Archive"), uses);
    }

    private FolderListReply list(String account) {
        return imap.listFolders(FolderListRequest.newBuilder().setAccount(account).build()).await().atMost(T);
    }

    private boolean subscribe(String account, String name, boolean on) {
        return imap.subscribeFolder(FolderSubscribeRequest.newBuilder().setAccount(account).setName(name).setSubscribed(on).build())
                .await().atMost(T).getOk();
    }

    private boolean subscribed(String account, String name) {
        return list(account).getFoldersList().stream().filter(f -> f.getName().equals(name)).findFirst().orElseThrow().getSubscribed();
    }

    /**
     * Issue 14: CREATE subscribed every new folder, DELETE dropped the subscription (RFC 3501 section 6.3.6: must
     * not) and a name without a folder could not be subscribed; RENAME must leave subscriptions alone (RFC 9051
     * section 6.3.6).
     */
    @Test
    void subscriptionsAreNamesThatOutliveTheirFolders() {
        String account = newAccount();
        assertTrue(list(account).getSubscriptionsList().containsAll(List.of("INBOX", "Drafts", "Sent", "Trash", "Junk", "Archive")),
                "new accounts' folders stay subscribed");
        assertTrue(imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName("Projekte/Entwürfe").build()).await().atMost(T).getOk());
        assertFalse(subscribed(account, "Projekte/Entwürfe"), "CREATE does not subscribe");
        assertFalse(list(account).getSubscriptionsList().contains("Projekte/Entwürfe"));

        assertTrue(subscribe(account, "Projekte/Entwürfe", true));
        assertTrue(subscribed(account, "Projekte/Entwürfe"));
        assertTrue(imap.deleteFolder(FolderRequest.newBuilder().setAccount(account).setName("Projekte/Entwürfe").build()).await().atMost(T).getOk());
        assertTrue(list(account).getSubscriptionsList().contains("Projekte/Entwürfe"), "DELETE keeps the subscription");

        assertTrue(subscribe(account, "nowhere/yet", true), "a name no folder has can be subscribed");
        assertTrue(list(account).getSubscriptionsList().contains("nowhere/yet"));
        assertTrue(imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName("nowhere/yet").build()).await().atMost(T).getOk());
        assertTrue(subscribed(account, "nowhere/yet"), "a folder made under a subscribed name is subscribed");

        assertTrue(imap.renameFolder(FolderRenameRequest.newBuilder().setAccount(account).setFrom("nowhere/yet").setTo("moved").build())
                .await().atMost(T).getOk());
        assertFalse(subscribed(account, "moved"), "RENAME does not carry the subscription");
        assertTrue(list(account).getSubscriptionsList().contains("nowhere/yet"), "the old name stays subscribed");

        assertTrue(subscribe(account, "nowhere/yet", false));
        assertFalse(list(account).getSubscriptionsList().contains("nowhere/yet"));
        assertTrue(subscribe(account, "nowhere/yet", false), "UNSUBSCRIBE of a name not subscribed is OK");
    }

    /** V9 decodes names a rev1 client stored in modified UTF-7 (RFC 3501 section 5.1.3); anything else stays. */
    @Test
    void storedModifiedUtf7NamesAreDecodedByTheMigration() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("Entw&APw-rfe/&ANw-bersicht", "Entwürfe/Übersicht");
        cases.put("~peter/mail/&U,BTFw-/&ZeVnLIqe-", "~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e");
        cases.put("&2D3eAA-", "\ud83d\ude00");
        cases.put("Tom &- Jerry", "Tom & Jerry");
        cases.put("R&D", null);
        cases.put("&AGE-", null);
        cases.put("&2D0-", null);
        cases.put("&A-", null);
        cases.forEach((in, want) -> assertEquals(want, pool.preparedQuery("SELECT mailbox.mutf7_decode($1)").execute(io.vertx.mutiny.sqlclient.Tuple.of(in))
                .await().atMost(T).iterator().next().getString(0), in));
    }

    /** RFC 6154 section 3: CREATE (USE (...)); unsupported or already used uses are NO [USEATTR]. */
    @Test
    void createWithASpecialUse() {
        String account = newAccount();
        assertTrue(imap.deleteFolder(FolderRequest.newBuilder().setAccount(account).setName("Archive").build()).await().atMost(T).getOk());
        assertTrue(imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName("Ablage").setSpecialUse("\\Archive").build())
                .await().atMost(T).getOk());
        assertEquals("\\Archive", list(account).getFoldersList().stream().filter(f -> f.getName().equals("Ablage")).findFirst()
                .orElseThrow().getSpecialUse());
        var duplicate = imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName("Other").setSpecialUse("\\Sent").build())
                .await().atMost(T);
        assertFalse(duplicate.getOk());
        assertTrue(duplicate.getDetail().startsWith("[USEATTR]"), duplicate.getDetail());
        var unsupported = imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName("Other").setSpecialUse("\\All").build())
                .await().atMost(T);
        assertTrue(unsupported.getDetail().startsWith("[USEATTR]"), unsupported.getDetail());
        assertFalse(open(account, "Other").getFound());
        assertEquals(List.of("Ablage"), list(account).getFoldersList().stream().filter(f -> f.getSpecialUse().equals("\\Archive"))
                .map(FolderInfo::getName).toList(), "listing does not make a second \\Archive folder");
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

    /**
     * RFC 7162 section 3.1.3: STORE (UNCHANGEDSINCE n) changes only messages whose MODSEQ is at most n, reports the
     * others as modified, and is atomic per message: of two sessions racing with the same n, exactly one wins.
     */
    @Test
    void conditionalStoreChangesOnlyUnchangedMessagesAndOneOfTwoRacersWins() {
        String account = newAccount();
        AppendReply a1 = append(account, "INBOX", "Subject: one\r\n\r\n1\r\n");
        AppendReply a2 = append(account, "INBOX", "Subject: two\r\n\r\n2\r\n");
        FolderSnapshot snap = open(account, "INBOX");
        long box = snap.getFolder().getMailboxId();
        long seen = snap.getFolder().getHighestmodseq();
        // another client changes message 2 after this one read the folder
        imap.updateFlags(flags(account, box, FlagUpdateRequest.Mode.ADD, "$Other", a2.getUid()).build()).await().atMost(T);

        var reply = imap.updateFlags(flags(account, box, FlagUpdateRequest.Mode.ADD, "\\Flagged", a1.getUid(), a2.getUid())
                .setConditional(true).setUnchangedSince(seen).build()).await().atMost(T);
        assertEquals(List.of(a2.getUid()), reply.getModifiedUidsList());
        assertEquals(1, reply.getUpdatedCount());
        assertEquals(a1.getUid(), reply.getUpdated(0).getUid());
        assertEquals(List.of("\\Flagged"), reply.getUpdated(0).getFlagsList());
        assertTrue(reply.getUpdated(0).getModseq() > seen);
        FolderSnapshot after = open(account, "INBOX");
        assertEquals(List.of("$Other"), after.getMessages(1).getFlagsList(), "the modified message was left alone");

        // UNCHANGEDSINCE 0 always fails (every message has a MODSEQ of at least 1)
        var zero = imap.updateFlags(flags(account, box, FlagUpdateRequest.Mode.ADD, "\\Seen", a1.getUid())
                .setConditional(true).setUnchangedSince(0).build()).await().atMost(T);
        assertEquals(List.of(a1.getUid()), zero.getModifiedUidsList());
        // a passing STORE that changes nothing is a success and keeps the MODSEQ
        long m1 = after.getMessages(0).getModseq();
        var noop = imap.updateFlags(flags(account, box, FlagUpdateRequest.Mode.ADD, "\\Flagged", a1.getUid())
                .setConditional(true).setUnchangedSince(m1).build()).await().atMost(T);
        assertEquals(0, noop.getModifiedUidsCount());
        assertEquals(m1, noop.getUpdated(0).getModseq());

        // two racers with the same UNCHANGEDSINCE: one changes the message, the other is told it was modified
        List<io.smallrye.mutiny.Uni<com.mailplatform.common.grpc.mailbox.FlagUpdateReply>> racers = new ArrayList<>();
        for (String kw : List.of("$A", "$B", "$C", "$D")) {
            racers.add(imap.updateFlags(flags(account, box, FlagUpdateRequest.Mode.REPLACE, kw, a1.getUid())
                    .setConditional(true).setUnchangedSince(m1).build()));
        }
        List<com.mailplatform.common.grpc.mailbox.FlagUpdateReply> results = io.smallrye.mutiny.Uni.join().all(racers).andFailFast()
                .await().atMost(T);
        assertEquals(1, results.stream().filter(r -> r.getModifiedUidsCount() == 0).count(), results.toString());
        String winner = results.stream().filter(r -> r.getModifiedUidsCount() == 0).findFirst().orElseThrow().getUpdated(0).getFlags(0);
        assertEquals(List.of(winner), open(account, "INBOX").getMessages(0).getFlagsList());
    }

    private static FlagUpdateRequest.Builder flags(String account, long box, FlagUpdateRequest.Mode mode, String flag, long... uids) {
        FlagUpdateRequest.Builder b = FlagUpdateRequest.newBuilder().setAccount(account).setMailboxId(box).setMode(mode).addFlags(flag);
        for (long u : uids) {
            b.addUids(u);
        }
        return b;
    }

    /** QRESYNC's VANISHED (EARLIER) asks for the expunged UIDs alone. */
    @Test
    void expungedOnlyChangesLeaveOutTheChangedMessages() {
        String account = newAccount();
        AppendReply a1 = append(account, "INBOX", "Subject: one\r\n\r\n1\r\n", "\\Deleted");
        append(account, "INBOX", "Subject: two\r\n\r\n2\r\n");
        FolderSnapshot snap = open(account, "INBOX");
        long box = snap.getFolder().getMailboxId();
        imap.expungeDeleted(ExpungeDeletedRequest.newBuilder().setAccount(account).setMailboxId(box).build()).await().atMost(T);
        FolderChangesReply r = imap.folderChanges(FolderChangesRequest.newBuilder().setAccount(account).setMailboxId(box)
                .setSinceModseq(0).setExpungedOnly(true).build()).await().atMost(T);
        assertEquals(List.of(a1.getUid()), r.getExpungedUidsList());
        assertEquals(0, r.getChangedCount());
        assertEquals(1, changes(account, box, 0).getChangedCount());
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

    private List<Long> search(String account, long mailboxId, List<Long> uids, SearchTextRequest.Where where, String field, String needle) {
        return imap.searchText(SearchTextRequest.newBuilder().setAccount(account).setMailboxId(mailboxId).addAllUids(uids)
                .setWhere(where).setField(field).setNeedle(needle).build()).await().atMost(T).getUidsList();
    }

    private long textRows(String blobId) {
        return pool.preparedQuery("SELECT count(*) FROM mailbox.blob_texts WHERE blob_id = $1").execute(Tuple.of(blobId))
                .await().atMost(T).iterator().next().getLong(0);
    }

    private String blobOf(long mailboxId, long uid) {
        return pool.preparedQuery("SELECT blob_id FROM mailbox.messages WHERE mailbox_id = $1 AND uid = $2").execute(Tuple.of(mailboxId, uid))
                .await().atMost(T).iterator().next().getString(0);
    }

    /**
     * Issue 14: SEARCH BODY/TEXT (RFC 9051 section 6.4.4) over decoded text from the index: transfer encodings,
     * charsets, HTML, attached messages, attachment names; HEADER vs BODY vs TEXT; LIKE wildcards in the needle are
     * literal; messages stored without a text (before V12) are still found, and indexed by that search.
     */
    @Test
    void searchBodyAndTextFindDecodedText() {
        String account = newAccount();
        String tag = UUID.randomUUID().toString();
        String b64 = Base64.getMimeEncoder().encodeToString(("Meet at the Zeppelin hangar " + tag).getBytes(StandardCharsets.UTF_8));
        long base64 = append(account, "INBOX", "Subject: one\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n").getUid();
        long latin1 = imap.appendMessage(AppendRequest.newBuilder().setAccount(account).setFolder("INBOX").setContent(ByteString.copyFrom(
                ("Subject: two\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                        + "Gr=FC=DFe aus K=F6ln\r\n").getBytes(StandardCharsets.US_ASCII))).build()).await().atMost(T).getUid();
        long html = append(account, "INBOX", "Subject: three\r\nContent-Type: text/html\r\n\r\n<p>Invoice <b>4711</b> is 100% paid</p>\r\n").getUid();
        long nested = append(account, "INBOX", "Subject: four\r\nContent-Type: multipart/mixed; boundary=X\r\n\r\n"
                + "--X\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString("nested secret".getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + "--X\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"Quarterly-Report.pdf\"\r\n\r\n%PDF\r\n--X--\r\n").getUid();
        long headerOnly = append(account, "INBOX", "Subject: Zebra headline\r\n\r\nnothing striped here\r\n").getUid();
        FolderSnapshot inbox = open(account, "INBOX");
        long box = inbox.getFolder().getMailboxId();
        List<Long> all = inbox.getMessagesList().stream().map(MessageState::getUid).toList();
        SearchTextRequest.Where body = SearchTextRequest.Where.BODY;
        SearchTextRequest.Where text = SearchTextRequest.Where.TEXT;

        assertEquals(List.of(base64), search(account, box, all, body, "", "ZEPPELIN HANGAR"), "base64 text/plain is decoded");
        assertEquals(List.of(latin1), search(account, box, all, body, "", "grüsse".replace("ss", "ß")), "QP ISO-8859-1 is decoded");
        assertEquals(List.of(html), search(account, box, all, body, "", "invoice 4711"), "HTML is reduced to its text");
        assertEquals(List.of(), search(account, box, all, body, "", "<b>"), "markup is not text");
        assertEquals(List.of(nested), search(account, box, all, body, "", "nested secret"), "an attached message's body, decoded");
        assertEquals(List.of(nested), search(account, box, all, body, "", "subject: inner"), "an attached message's header is body");
        assertEquals(List.of(nested), search(account, box, all, body, "", "quarterly-report"), "attachment file names");
        // HEADER vs BODY vs TEXT: TEXT is header and body (RFC 9051 section 6.4.4)
        assertEquals(List.of(), search(account, box, all, body, "", "zebra"));
        assertEquals(List.of(headerOnly), search(account, box, all, text, "", "zebra"));
        assertEquals(List.of(headerOnly), search(account, box, all, SearchTextRequest.Where.HEADER, "subject", "zebra"));
        assertEquals(List.of(headerOnly), search(account, box, all, text, "", "STRIPED"), "TEXT covers the body too");
        // LIKE's wildcards are literal characters of the needle
        assertEquals(List.of(html), search(account, box, all, body, "", "100%"));
        assertEquals(List.of(), search(account, box, all, body, "", "1_0"));
        assertEquals(List.of(html), search(account, box, all, body, "", "%"), "only the message with a literal %");
        assertEquals(all, search(account, box, all, body, "", ""), "the empty string is in every body");
        // only the UIDs asked about
        assertEquals(List.of(), search(account, box, List.of(latin1), body, "", "zeppelin"));

        // delivered mail is indexed at delivery; a copy shares the text
        String delivered = "Subject: dlv\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString(("delivered " + tag + " gondola").getBytes(StandardCharsets.UTF_8)) + "\r\n";
        String blob = store.putBlob(Multi.createFrom().item(BlobChunk.newBuilder().setData(ByteString.copyFromUtf8(delivered)).build()))
                .await().atMost(T).getBlobId();
        String other = newAccount();
        List<DeliveryResult> both = store.deliver(DeliverRequest.newBuilder()
                .addDeliveries(Delivery.newBuilder().setQueueId("q-" + UUID.randomUUID()).setRecipient(account).setBlobId(blob))
                .addDeliveries(Delivery.newBuilder().setQueueId("q-" + UUID.randomUUID()).setRecipient(other).setBlobId(blob))
                .build()).await().atMost(T).getResultsList();
        long dlv = both.get(0).getUid();
        assertEquals(1, textRows(blob), "the text is committed with the delivered message, once for both recipients");
        FolderSnapshot otherInbox = open(other, "INBOX");
        assertEquals(List.of(both.get(1).getUid()), search(other, otherInbox.getFolder().getMailboxId(),
                List.of(both.get(1).getUid()), body, "", "GONDOLA"));
        List<Long> now = open(account, "INBOX").getMessagesList().stream().map(MessageState::getUid).toList();
        assertEquals(List.of(dlv), search(account, box, now, body, "", "gondola"));
        assertTrue(imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName("Found").build()).await().atMost(T).getOk());
        CopyReply copy = imap.copyMessages(CopyRequest.newBuilder().setAccount(account).setMailboxId(box).addUids(base64)
                .setTarget("Found").build()).await().atMost(T);
        long found = open(account, "Found").getFolder().getMailboxId();
        assertEquals(copy.getTargetUidsList(), search(account, found, copy.getTargetUidsList(), body, "", "zeppelin"));

        // a message stored before texts were kept: found by extracting it on the fly, then indexed
        String legacyBlob = blobOf(box, base64);
        pool.preparedQuery("DELETE FROM mailbox.blob_texts WHERE blob_id = $1").execute(Tuple.of(legacyBlob)).await().atMost(T);
        assertEquals(0, textRows(legacyBlob));
        assertEquals(List.of(base64), search(account, box, now, body, "", "zeppelin"));
        assertEquals(1, textRows(legacyBlob), "the search wrote the text back");
        assertEquals(List.of(base64), search(account, box, now, body, "", "zeppelin"));
        // another account's folder id gives nothing
        assertEquals(List.of(), search(newAccount(), box, now, body, "", "zeppelin"));
    }

    /** Runs rounds until the backfill is complete; the texts written. */
    private int backfillToEnd(TextBackfill backfill, int batchSize) {
        int written = 0;
        for (int i = 0; i < 100_000; i++) {
            TextBackfill.Round r = backfill.round(batchSize).await().atMost(T);
            written += r.written();
            if (r.complete()) {
                return written;
            }
        }
        throw new AssertionError("the backfill never completed");
    }

    private long allTextRows() {
        return pool.query("SELECT count(*) FROM mailbox.blob_texts").execute().await().atMost(T).iterator().next().getLong(0);
    }

    /**
     * Messages stored before V12 (simulated: their blob_texts rows deleted) get their texts from the background
     * backfill, decoded exactly as at delivery, and the indexed search finds them; a blob no message references is
     * left alone; once complete, a round does nothing.
     */
    @Test
    void textBackfillIndexesMessagesStoredWithoutText() {
        String account = newAccount();
        String tag = UUID.randomUUID().toString().replace("-", "");
        List<String> contents = List.of(
                "Subject: old one\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                        + Base64.getMimeEncoder().encodeToString(("Backfilled Walrus " + tag).getBytes(StandardCharsets.UTF_8)) + "\r\n",
                "Subject: old two\r\nContent-Type: text/html\r\n\r\n<p>backfilled <i>narwhal</i> " + tag + "</p>\r\n",
                "Subject: old three " + tag + "\r\n\r\nplain backfilled " + tag + "\r\n");
        List<Long> uids = contents.stream().map(c -> append(account, "INBOX", c).getUid()).toList();
        long box = open(account, "INBOX").getFolder().getMailboxId();
        List<String> blobIds = uids.stream().map(uid -> blobOf(box, uid)).toList();
        String unreferenced = store.putBlob(Multi.createFrom().item(BlobChunk.newBuilder()
                .setData(ByteString.copyFromUtf8("Subject: never delivered\r\n\r\n" + tag + "\r\n")).build())).await().atMost(T).getBlobId();
        pool.preparedQuery("DELETE FROM mailbox.blob_texts WHERE blob_id = ANY($1)").execute(Tuple.of(blobIds.toArray(new String[0])))
                .await().atMost(T);
        blobIds.forEach(b -> assertEquals(0, textRows(b)));

        // small batches and a start in the middle of the id space: several rounds, and the wrap-around
        TextBackfill backfill = new TextBackfill(pool, blobStore, config, "8");
        long started = System.nanoTime();
        int written = backfillToEnd(backfill, 2);
        long micros = (System.nanoTime() - started) / 1000;
        assertTrue(written >= 3, "at least the three texts removed: " + written);
        for (int i = 0; i < contents.size(); i++) {
            MessageText expected = MessageText.safeOf(contents.get(i).getBytes(StandardCharsets.UTF_8), config.searchTextMaxChars());
            var row = pool.preparedQuery("SELECT header, body FROM mailbox.blob_texts WHERE blob_id = $1").execute(Tuple.of(blobIds.get(i)))
                    .await().atMost(T).iterator().next();
            assertEquals(expected.header(), row.getString(0));
            assertEquals(expected.body(), row.getString(1));
            assertTrue(row.getString(1).contains(tag), "decoded text");
        }
        assertEquals(0, textRows(unreferenced), "no message references it: no text");
        SearchTextRequest.Where body = SearchTextRequest.Where.BODY;
        assertEquals(List.of(uids.get(0)), search(account, box, uids, body, "", "walrus " + tag.toUpperCase()));
        assertEquals(List.of(uids.get(1)), search(account, box, uids, body, "", "narwhal " + tag));
        assertEquals(uids, search(account, box, uids, body, "", tag));
        assertEquals(List.of(uids.get(2)), search(account, box, uids, SearchTextRequest.Where.TEXT, "", "old three " + tag));
        System.out.printf("text backfill: %d texts written, whole run %d ms%n", written, micros / 1000);

        // nothing left: a complete backfill does nothing, and a fresh one (another replica, a restart) writes nothing
        long rows = allTextRows();
        assertEquals(new TextBackfill.Round(0, true), backfill.round(100).await().atMost(T));
        TextBackfill fresh = new TextBackfill(pool, blobStore, config, "");
        TextBackfill.Round first = fresh.round(100).await().atMost(T);
        assertEquals(0, first.written());
        assertEquals(0, backfillToEnd(fresh, 100));
        assertEquals(rows, allTextRows());
    }

    /** RFC 3502 MULTIAPPEND: one request, consecutive UIDs; a message over quota leaves none of them behind. */
    @Test
    void multiappendCommitsAllOrNone() {
        String account = newAccount();
        AppendReply ok = imap.appendMessage(AppendRequest.newBuilder().setAccount(account).setFolder("INBOX")
                .setContent(ByteString.copyFromUtf8("Subject: m1\r\n\r\n1\r\n"))
                .addMore(AppendItem.newBuilder().setContent(ByteString.copyFromUtf8("Subject: m2\r\n\r\n2\r\n")).addFlags("\\Seen"))
                .addMore(AppendItem.newBuilder().setContent(ByteString.copyFromUtf8("Subject: m3\r\n\r\n3\r\n"))
                        .setInternalDateMillis(1_600_000_000_000L))
                .build()).await().atMost(T);
        assertEquals(List.of(ok.getUid() + 1, ok.getUid() + 2), ok.getMoreUidsList());
        FolderSnapshot inbox = open(account, "INBOX");
        assertEquals(3, inbox.getMessagesCount());
        assertEquals(List.of("\\Seen"), inbox.getMessages(1).getFlagsList());
        assertEquals(1_600_000_000_000L, inbox.getMessages(2).getInternalDateMillis());
        String local = account.substring(0, account.indexOf('@'));
        String domain = account.substring(account.indexOf('@') + 1);
        pool.preparedQuery("UPDATE mailbox.accounts a SET quota_bytes = a.used_bytes + 100 FROM mailbox.domains d"
                        + " WHERE a.domain_id = d.id AND d.name = $1 AND a.local_part = $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(domain, local)).await().atMost(T);
        AppendReply over = imap.appendMessage(AppendRequest.newBuilder().setAccount(account).setFolder("INBOX")
                .setContent(ByteString.copyFromUtf8("Subject: fits\r\n\r\n1\r\n"))
                .addMore(AppendItem.newBuilder().setContent(ByteString.copyFromUtf8("Subject: too big\r\n\r\n" + "x".repeat(200) + "\r\n")))
                .build()).await().atMost(T);
        assertEquals(0, over.getUid());
        assertTrue(over.getDetail().startsWith("[OVERQUOTA]"), over.getDetail());
        FolderSnapshot after = open(account, "INBOX");
        assertEquals(3, after.getMessagesCount(), "the first message, which fitted, was rolled back too");
        assertEquals(inbox.getFolder().getUidnext(), after.getFolder().getUidnext());
    }

    /**
     * RFC 3501 section 6.4.4: SENT* compare the Date: header's own date; 23:30 -0800 on 2 Jan is the 3rd in UTC but
     * was sent on the 2nd. RFC 8514 SAVEDATE is when the row was stored; RFC 8474 EMAILID survives COPY.
     */
    @Test
    void sentDateSaveDateAndEmailId() {
        String account = newAccount();
        long before = System.currentTimeMillis() - 60_000;
        append(account, "INBOX", "Date: Mon, 2 Jan 2023 23:30:00 -0800\r\nSubject: late\r\n\r\nx\r\n");
        FolderSnapshot inbox = open(account, "INBOX");
        MessageState m = inbox.getMessages(0);
        assertEquals(java.time.LocalDate.of(2023, 1, 2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli(), m.getSentDateMillis());
        assertTrue(m.getSaveDateMillis() >= before && m.getSaveDateMillis() <= System.currentTimeMillis() + 60_000, String.valueOf(m.getSaveDateMillis()));
        assertTrue(m.getEmailId().matches("E[0-9a-f]{24}"), m.getEmailId());
        CopyReply copied = imap.copyMessages(CopyRequest.newBuilder().setAccount(account).setMailboxId(inbox.getFolder().getMailboxId())
                .addUids(m.getUid()).setTarget("Archive").build()).await().atMost(T);
        assertTrue(copied.getTargetFound(), copied.getDetail());
        assertEquals(m.getEmailId(), open(account, "Archive").getMessages(0).getEmailId());
    }

    private QuotaReply quota(String account) {
        return imap.getQuota(QuotaRequest.newBuilder().setAccount(account).build()).await().atMost(T);
    }

    /**
     * RFC 9208: GETQUOTA reports the limit APPEND/COPY enforce, and they answer [OVERQUOTA] (section 4.3) at the same
     * limit delivery uses. Issue 14: APPEND and COPY ignored the domain's default quota (only the account's own).
     */
    @Test
    void quotaIsReportedAndAppendAndCopyStopAtTheDomainDefault() {
        String account = newAccount();
        String domain = account.substring(account.indexOf('@') + 1);
        settings.setAccountQuota(SetAccountQuotaRequest.newBuilder().setAddress(account).setQuotaBytes(0).build()).await().atMost(T);
        String msg = "Subject: q\r\n\r\n" + "x".repeat(400) + "\r\n";
        QuotaReply q = quota(account);
        assertEquals(0, q.getLimitBytes(), "no default yet: no limit");
        settings.setDomainDefaultQuota(SetDomainDefaultQuotaRequest.newBuilder().setDomain(domain).setDefaultQuotaBytes(msg.length() + 100L)
                .build()).await().atMost(T);

        AppendReply first = append(account, "INBOX", msg);
        assertTrue(first.getUid() > 0);
        q = quota(account);
        assertEquals(msg.length() + 100L, q.getLimitBytes());
        assertEquals(msg.length(), q.getUsedBytes());
        assertEquals(1, q.getMessages());

        AppendReply over = append(account, "INBOX", msg);
        assertEquals(0, over.getUid(), "the domain's default applies to APPEND");
        assertTrue(over.getDetail().startsWith("[OVERQUOTA]"), over.getDetail());
        long inbox = open(account, "INBOX").getFolder().getMailboxId();
        CopyReply copy = imap.copyMessages(CopyRequest.newBuilder().setAccount(account).setMailboxId(inbox).addUids(first.getUid())
                .setTarget("Archive").build()).await().atMost(T);
        assertEquals(0, copy.getTargetUidsCount());
        assertTrue(copy.getDetail().startsWith("[OVERQUOTA]"), copy.getDetail());
        assertEquals(msg.length(), quota(account).getUsedBytes(), "nothing was charged for what was refused");

        // MOVE does not add bytes: it still works at the limit
        CopyReply move = imap.copyMessages(CopyRequest.newBuilder().setAccount(account).setMailboxId(inbox).addUids(first.getUid())
                .setTarget("Archive").setMove(true).build()).await().atMost(T);
        assertEquals(1, move.getTargetUidsCount());
        settings.setAccountQuota(SetAccountQuotaRequest.newBuilder().setAddress(account).setQuotaBytes(10L * msg.length()).build()).await().atMost(T);
        assertTrue(append(account, "INBOX", msg).getUid() > 0, "the account's own quota wins over the default");
        assertEquals(10L * msg.length(), quota(account).getLimitBytes());
    }

    /**
     * RFC 3516 section 4.4: binary content APPENDed with a literal8 is kept, but a part with NUL octets is stored
     * base64-encoded (a literal may not carry NUL, so BODY[] could not return it); other parts stay as they came.
     */
    @Test
    void appendedPartsWithNulAreStoredAsBase64() {
        String account = newAccount();
        byte[] binary = {' ', '-', (byte) 0xe9, 0, '\r', '\n', 0};
        String head = "From: a@x.test\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\npreamble\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nplain \u00e9\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n";
        byte[] raw = new byte[head.length() + binary.length + 9];
        System.arraycopy(head.getBytes(StandardCharsets.ISO_8859_1), 0, raw, 0, head.length());
        System.arraycopy(binary, 0, raw, head.length(), binary.length);
        System.arraycopy("\r\n--b--\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, raw, head.length() + binary.length, 9);
        AppendReply a = imap.appendMessage(AppendRequest.newBuilder().setAccount(account).setFolder("INBOX")
                .setContent(ByteString.copyFrom(raw)).build()).await().atMost(T);
        long inbox = open(account, "INBOX").getFolder().getMailboxId();
        List<FetchedPart> parts = fetch(account, inbox, List.of(a.getUid()), false, "", "1", "2", "2.MIME");
        String whole = section(parts, a.getUid(), 0);
        assertFalse(whole.contains("\0"), "no NUL is stored");
        assertTrue(whole.startsWith("From: a@x.test\r\nMIME-Version: 1.0\r\n"), whole);
        assertEquals("plain \u00e9", section(parts, a.getUid(), 1), "the part without NUL is untouched");
        assertTrue(section(parts, a.getUid(), 3).contains("Content-Transfer-Encoding: base64"), section(parts, a.getUid(), 3));
        assertEquals(java.util.HexFormat.of().formatHex(binary), java.util.HexFormat.of().formatHex(
                java.util.Base64.getMimeDecoder().decode(section(parts, a.getUid(), 2).strip())));
        assertEquals(whole.length(), open(account, "INBOX").getMessages(0).getSize(), "the size is that of what was stored");
    }

    // import (issue 17): transfer.proto ImportMessages, the APPEND path plus "the same import again adds nothing" (V14)

    @GrpcClient("store")
    MailboxTransfer transfer;

    private static ImportMessage message(String text, long date, String... flags) {
        return ImportMessage.newBuilder().setContent(ByteString.copyFromUtf8(text)).setInternalDateMillis(date).addAllFlags(List.of(flags)).build();
    }

    private ImportBatchReply importInto(String account, String folder, ImportMessage... messages) {
        return transfer.importMessages(ImportBatch.newBuilder().setAccount(account).setFolder(folder).addAllMessages(List.of(messages)).build())
                .await().atMost(T);
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
    void importKeepsUidsAndUidvalidityAreKeptWhenTheFolderAllowsIt() {
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
    void importRejectsAMessageOverQuotaIsRejectedAndTheOthersAreStored() {
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
