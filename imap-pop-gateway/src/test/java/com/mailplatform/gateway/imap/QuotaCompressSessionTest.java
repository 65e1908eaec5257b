package com.mailplatform.gateway.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.AppendReply;
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
 * QUOTA (RFC 9208) and COMPRESS=DEFLATE (RFC 4978) over real sockets, with a store that knows one INBOX, a quota
 * of 100 KiB of which 1500 octets are used, and refuses every APPEND as over quota.
 */
class QuotaCompressSessionTest {

    private static final String ALICE = "alice@example.org";

    private Vertx vertx;
    private ImapServer server;
    private final Map<String, String> settings = new HashMap<>();
    private volatile long limitBytes = 100 * 1024;

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
                    case "appendMessage" -> later(AppendReply.newBuilder().setFolderFound(true).setDetail("[OVERQUOTA] mailbox full").build());
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
        assertTrue(greeting.contains(" QUOTA QUOTA=RES-STORAGE COMPRESS=DEFLATE"), greeting);
        c.send("l LOGIN " + ALICE + " secret");
        assertEquals("l OK", until(c, "l").get(0).substring(0, 4));
        return c;
    }

    private static List<String> until(LineClient c, String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = c.line();
            lines.add(l);
        } while (!l.startsWith(tag + " "));
        return lines;
    }

    private static List<String> command(LineClient c, String tag, String rest) throws IOException {
        c.send(tag + " " + rest);
        return until(c, tag);
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
            until(c, "l");
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
            assertEquals(List.of("b BAD line too long"), until(c, "b"));
            assertEquals(List.of("c OK NOOP completed"), command(c, "c", "NOOP"));
            c.send("d APPEND INBOX {999999999999}");
            assertTrue(until(c, "d").get(0).startsWith("d BAD [TOOBIG]"));
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
}
