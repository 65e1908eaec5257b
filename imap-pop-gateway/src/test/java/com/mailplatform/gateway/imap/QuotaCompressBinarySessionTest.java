package com.mailplatform.gateway.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.AppendReply;
import com.mailplatform.common.grpc.mailbox.AppendRequest;
import com.mailplatform.common.grpc.mailbox.FetchMessagesRequest;
import com.mailplatform.common.grpc.mailbox.FetchedPart;
import com.mailplatform.common.grpc.mailbox.FolderSnapshot;
import com.mailplatform.common.grpc.mailbox.MessageState;
import io.smallrye.mutiny.Multi;
import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.FolderListReply;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.QuotaReply;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.gateway.LineClient;
import com.mailplatform.gateway.pop3.FakeMailboxStore;
import com.mailplatform.gateway.read.MessageCache;
import com.mailplatform.gateway.read.MessageReader;
import com.mailplatform.testsupport.SelfSignedCertificate;
import io.grpc.Status;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * QUOTA (RFC 9208), COMPRESS=DEFLATE (RFC 4978) and BINARY (RFC 3516) over real sockets, with a store that knows
 * one INBOX holding one message (parts 1 base64, 2 quoted-printable, 3 x-uuencode), a quota of 100 KiB of which
 * 1500 octets are used, and refuses every APPEND as over quota (keeping what it was sent).
 */
class QuotaCompressBinarySessionTest {

    private static final String ALICE = "alice@example.org";

    private Vertx vertx;
    private ImapServer server;
    private final Map<String, String> settings = new HashMap<>();
    private volatile long limitBytes = 100 * 1024;
    private final List<byte[]> appended = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The sections of message UID 7, as the store would cut them (SectionExtractor). */
    private static final Map<String, String> SECTIONS = Map.of(
            "", "Subject: parts\r\n\r\n...",
            "1", "AAEC\r\n/3h5\r\neg==\r\n",
            "1.MIME", "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: BASE64 (binary)\r\n\r\n",
            "2", "caf=C3=A9 =\r\nlatte  \r\nend",
            "2.MIME", "Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
            "3", "begin 644 x\r\n",
            "3.MIME", "Content-Transfer-Encoding: x-uuencode\r\n\r\n");

    private Multi<FetchedPart> fetch(FetchMessagesRequest request) {
        List<FetchedPart> parts = new ArrayList<>();
        for (long uid : request.getUidsList()) {
            for (int i = 0; i < request.getSectionsCount(); i++) {
                String data = SECTIONS.getOrDefault(request.getSections(i).getSection(), "");
                parts.add(FetchedPart.newBuilder().setUid(uid).setSection(i).setData(ByteString.copyFromUtf8(data)).setSectionEnd(true)
                        .setMessageEnd(i == request.getSectionsCount() - 1).build());
            }
        }
        return Multi.createFrom().iterable(parts).emitOn(Infrastructure.getDefaultWorkerPool());
    }

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.ensure(Files.createTempDirectory("imap-tls"));
        settings.put("imap.port", "0");
        settings.put("imap.tls-port", "-1");
        settings.put("imap.instances", "1");
        settings.put("imap.allow-plaintext-auth", "true");
        settings.put("imap.tls-cert-file", pem.cert().toString());
        settings.put("imap.tls-key-file", pem.key().toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private boolean record(AppendRequest request) {
        appended.add(request.getContent().toByteArray());
        return false;
    }

    private static <T> Uni<T> later(T item) {
        return Uni.createFrom().item(item).emitOn(Infrastructure.getDefaultWorkerPool());
    }

    private void startServer() {
        ImapConfig config = new SmallRyeConfigBuilder().withMapping(ImapConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(settings).build().getConfigMapping(ImapConfig.class);
        FakeMailboxStore accounts = new FakeMailboxStore();
        accounts.account(ALICE, "secret");
        MailboxImap store = (MailboxImap) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MailboxImap.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "listFolders" -> later(FolderListReply.newBuilder().addFolders(FolderInfo.newBuilder().setName("INBOX")).build());
                    case "getQuota" -> later(QuotaReply.newBuilder().setLimitBytes(limitBytes).setUsedBytes(1500).setMessages(3).build());
                    case "openFolder" -> later(FolderSnapshot.newBuilder().setFound(true).setFolder(FolderInfo.newBuilder().setName("INBOX")
                            .setMailboxId(5).setUidvalidity(9).setUidnext(8).setMessages(1))
                            .addMessages(MessageState.newBuilder().setUid(7).setModseq(1).setSize(100).addFlags("\\Seen")).build());
                    case "fetchMessages" -> fetch((FetchMessagesRequest) args[0]);
                    case "appendMessage" -> record((AppendRequest) args[0]) ? null : later(AppendReply.newBuilder().setFolderFound(true).setDetail("[OVERQUOTA] mailbox full").build());
                    default -> method.getReturnType() == Uni.class
                            ? Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("not in this test").asRuntimeException()) : null;
                });
        AuthPenalty penalty = new AuthPenalty(Clock.systemUTC(), Duration.ofMinutes(15), Duration.ofMillis(1), Duration.ofMillis(5), 30, 10, 1000);
        server = new ImapServer(vertx, store, accounts, config, new ChangeListener(store, vertx),
                new MessageReader(store, new MessageCache(0, 0), vertx), penalty);
        server.start();
    }

    private LineClient login() throws IOException {
        LineClient c = LineClient.connect(server.plainPort());
        String greeting = c.line();
        assertTrue(greeting.contains(" QUOTA QUOTA=RES-STORAGE COMPRESS=DEFLATE BINARY"), greeting);
        c.send("l LOGIN " + ALICE + " secret");
        assertEquals("l OK", c.until("l").get(0).substring(0, 4));
        return c;
    }

    private static List<String> command(LineClient c, String tag, String rest) throws IOException {
        c.send(tag + " " + rest);
        return c.until(tag);
    }

    @Test
    void quotaRootsUsageAndRefusals() throws Exception {
        startServer();
        try (LineClient c = login()) {
            // RFC 9208 section 4.3: the roots, then each root's QUOTA; STORAGE in units of 1024 octets (rounded up)
            assertEquals(List.of("* QUOTAROOT \"inbox\" \"\"", "* QUOTA \"\" (STORAGE 2 100)", "a OK GETQUOTAROOT completed"),
                    command(c, "a", "GETQUOTAROOT inbox"));
            assertEquals(List.of("* QUOTA \"\" (STORAGE 2 100)", "b OK GETQUOTA completed"), command(c, "b", "GETQUOTA \"\""));
            assertEquals(List.of("c NO [NONEXISTENT] no such quota root"), command(c, "c", "GETQUOTA other"));
            assertEquals(List.of("d NO [NONEXISTENT] no such mailbox"), command(c, "d", "GETQUOTAROOT Nope"));
            assertEquals(List.of("e NO [NOPERM] quotas are set by the administrator"), command(c, "e", "SETQUOTA \"\" (STORAGE 1000000)"));
            assertTrue(command(c, "f", "SETQUOTA \"\" (STORAGE)").get(0).startsWith("f BAD "));
            // section 4.3 / 7: APPEND over quota is NO [OVERQUOTA]
            assertEquals(List.of("+ Ready for literal data", "g NO [OVERQUOTA] mailbox full"), command(c, "g", "APPEND INBOX {1}\r\nx"));

            limitBytes = 0;
            assertEquals(List.of("* QUOTAROOT \"INBOX\"", "h OK GETQUOTAROOT completed"), command(c, "h", "GETQUOTAROOT INBOX"),
                    "no limit: no quota root (a quota-list needs a resource with a limit)");
            assertEquals(List.of("i NO [NONEXISTENT] no quota on this account"), command(c, "i", "GETQUOTA \"\""));
        }
    }

    @Test
    void quotaAndCompressNeedAuthentication() throws Exception {
        startServer();
        try (LineClient c = LineClient.connect(server.plainPort())) {
            c.line();
            assertEquals(List.of("a BAD command not valid in this state"), command(c, "a", "GETQUOTAROOT INBOX"));
            assertEquals(List.of("b BAD command not valid in this state"), command(c, "b", "COMPRESS DEFLATE"));
        }
    }

    /** Switches the client to raw deflate (RFC 4978 section 4), flushing each write like a real client. */
    private static DeflaterOutputStream compress(LineClient c) {
        DeflaterOutputStream out = new DeflaterOutputStream(c.out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), 4096, true);
        c.out = out;
        c.in = new InflaterInputStream(c.in, new Inflater(true), 1);
        return out;
    }

    @Test
    void compressedSessionInsideTls() throws Exception {
        startServer();
        try (LineClient c = LineClient.connect(server.plainPort())) {
            c.line();
            c.send("s STARTTLS");
            assertEquals("s OK Begin TLS negotiation now", c.line());
            c.startTls();
            c.send("l LOGIN " + ALICE + " secret");
            c.until("l");
            assertEquals(List.of("z BAD unknown compression mechanism"), command(c, "z", "COMPRESS LZ4"));
            assertEquals(List.of("a OK DEFLATE active"), command(c, "a", "COMPRESS DEFLATE"));
            compress(c);
            assertEquals(List.of("* QUOTA \"\" (STORAGE 2 100)", "b OK GETQUOTA completed"), command(c, "b", "GETQUOTA \"\""));
            assertEquals(List.of("c NO [COMPRESSIONACTIVE] DEFLATE active via COMPRESS"), command(c, "c", "COMPRESS DEFLATE"));
            // a literal through the compressed stream
            assertEquals(List.of("+ Ready for literal data", "d NO [OVERQUOTA] mailbox full"),
                    command(c, "d", "APPEND INBOX {5}\r\nhello"));
            assertEquals(List.of("* BYE logging out", "e OK LOGOUT completed"), command(c, "e", "LOGOUT"));
        }
    }

    /**
     * A deflate bomb: 64 MiB of one line in about 64 KB compressed. The decompressed stream goes through the usual
     * line limit (BAD, nothing buffered), and the session goes on.
     */
    @Test
    void deflateBombMeetsTheLineLimit() throws Exception {
        settings.put("imap.max-line-bytes", "65536");
        startServer();
        try (LineClient c = login()) {
            assertEquals(List.of("a OK DEFLATE active"), command(c, "a", "COMPRESS DEFLATE"));
            OutputStream out = compress(c);
            out.write("b NOOP ".getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[1024 * 1024];
            java.util.Arrays.fill(block, (byte) 'a');
            for (int i = 0; i < 64; i++) {
                out.write(block);
            }
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(List.of("b BAD line too long"), c.until("b"));
            assertEquals(List.of("c OK NOOP completed"), command(c, "c", "NOOP"));
            c.send("d APPEND INBOX {999999999999}");
            assertTrue(c.until("d").get(0).startsWith("d BAD [TOOBIG]"));
        }
    }

    @Test
    void garbageAfterCompressEndsTheConnection() throws Exception {
        startServer();
        try (LineClient c = login()) {
            assertEquals(List.of("a OK DEFLATE active"), command(c, "a", "COMPRESS DEFLATE"));
            c.out.write(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00, 0x13});
            c.out.flush();
            java.io.InputStream raw = c.in;
            c.in = new InflaterInputStream(raw, new Inflater(true), 1);
            assertEquals("* BYE invalid compressed data", c.line());
            // then only the rest of the flush, and the end of the connection (a timeout here throws)
            int left = 0;
            while (raw.read() >= 0) {
                left++;
            }
            assertTrue(left < 16, "closed after the BYE");
        }
    }

    /** RFC 3516 section 4.2: decoded parts, literal8 when a NUL is in them, sizes, partials, and UNKNOWN-CTE. */
    @Test
    void binaryFetchDecodesTransferEncodings() throws Exception {
        startServer();
        try (LineClient c = login()) {
            command(c, "s", "SELECT INBOX");
            c.send("a FETCH 1 (BINARY.PEEK[1] BINARY.SIZE[1])");
            assertEquals("* 1 FETCH (BINARY[1] ~{7}", c.line());
            byte[] seven = c.in.readNBytes(7);
            assertEquals("00 01 02 ff 78 79 7a", java.util.HexFormat.ofDelimiter(" ").formatHex(seven));
            assertEquals(List.of(" BINARY.SIZE[1] 7)", "a OK FETCH completed"), c.until("a"));

            assertEquals(List.of("* 1 FETCH (BINARY[2] {16}", "café latte", "end BINARY.SIZE[2] 16)", "b OK FETCH completed"),
                    command(c, "b", "FETCH 1 (BINARY[2] BINARY.SIZE[2])"), "QP: soft break joined, trailing blanks dropped");
            List<String> partial = command(c, "c", "UID FETCH 7 (BINARY.PEEK[2]<4.3>)");
            assertEquals("* 1 FETCH (UID 7 BINARY[2]<4> {3}", partial.get(0));
            assertEquals(List.of("* 1 FETCH (BINARY[] {21}", "Subject: parts", "", "...)", "d OK FETCH completed"),
                    command(c, "d", "FETCH 1 BINARY.PEEK[]"), "BINARY[] is the message as stored");
            assertEquals(List.of("e NO [UNKNOWN-CTE] cannot decode a part's Content-Transfer-Encoding"),
                    command(c, "e", "FETCH 1 (FLAGS BINARY.SIZE[3])"));
            assertTrue(command(c, "f", "FETCH 1 BINARY[1.MIME]").get(0).startsWith("f BAD "));
            assertTrue(command(c, "g", "FETCH 1 BINARY.SIZE[1]<0.5>").get(0).startsWith("g BAD "));

            // section 4.4: APPEND with a literal8 carries binary content as is
            c.write("h APPEND INBOX ~{5}\r\n");
            assertEquals("+ Ready for literal data", c.line());
            c.out.write(new byte[]{'a', 0, 'b', '\r', '\n'});
            c.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertEquals(List.of("h NO [OVERQUOTA] mailbox full"), c.until("h"));
            assertEquals("61 00 62 0d 0a", java.util.HexFormat.ofDelimiter(" ").formatHex(appended.get(appended.size() - 1)));
        }
    }
}
