package com.mailplatform.admin.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.admin.AdminConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The probe over a real socket against a scripted server (a remote MTA we cannot run here): its replies go through
 * platform-common's ReplyParser, so a hostile server ends the probe with an error, not a hang or a heap.
 */
class SmtpProbeTest {

    private final SmtpProbe probe = new SmtpProbe(config());

    @Test
    void plainServerWithoutStarttls() throws Exception {
        ProbeResult r = against((in, out) -> {
            write(out, "220 mx.example.test ESMTP\r\n");
            if (line(in).startsWith("EHLO ")) {
                write(out, "250-mx.example.test\r\n250-SIZE 1000\r\n250 8BITMIME\r\n");
            }
            line(in); // QUIT
        });
        assertNull(r.error(), r.error());
        assertEquals("220 mx.example.test ESMTP", r.banner());
        assertEquals(List.of("mx.example.test", "SIZE 1000", "8BITMIME"), r.ehlo());
        assertFalse(r.starttlsOffered());
        assertNull(r.tls());
    }

    @Test
    void endlessReplyIsCutOff() throws Exception {
        ProbeResult r = against((in, out) -> {
            write(out, "220 mx\r\n");
            line(in);
            write(out, "250-more\r\n".repeat(5_000));
        });
        assertTrue(r.error() != null && r.error().contains("more than 100 lines"), r.error());
        assertEquals("220 mx", r.banner());
    }

    @Test
    void codeChangingWithinAReplyIsAnError() throws Exception {
        ProbeResult r = against((in, out) -> {
            write(out, "220-mx\r\n554 go away\r\n");
        });
        assertTrue(r.error() != null && r.error().contains("reply code changed"), r.error());
        assertNull(r.banner());
    }

    private ProbeResult against(BiConsumer<BufferedReader, OutputStream> script) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    script.accept(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)),
                            s.getOutputStream());
                } catch (Exception e) {
                    // the client hung up first: the assertions are on what it reports
                }
            });
            ProbeResult r = probe.probe(new ProbeTarget("127.0.0.1", server.getLocalPort()));
            served.get(10, java.util.concurrent.TimeUnit.SECONDS);
            return r;
        }
    }

    private static void write(OutputStream out, String s) {
        try {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String line(BufferedReader in) {
        try {
            String l = in.readLine();
            return l == null ? "" : l;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The two settings the probe reads (timeout, EHLO name); nothing else of AdminConfig is asked. */
    private static AdminConfig config() {
        AdminConfig.Probe p = (AdminConfig.Probe) Proxy.newProxyInstance(AdminConfig.class.getClassLoader(),
                new Class<?>[] {AdminConfig.Probe.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "timeout" -> Duration.ofSeconds(5);
                    case "heloName" -> "probe.example.test";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (AdminConfig) Proxy.newProxyInstance(AdminConfig.class.getClassLoader(), new Class<?>[] {AdminConfig.class},
                (proxy, m, args) -> {
                    if (m.getName().equals("probe")) {
                        return p;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
