package com.mailplatform.delivery.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.queue.BrokerProbe;
import com.mailplatform.testsupport.SharedInfra;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** BrokerProbe against the real embedded broker and against the ways a broker can fail to be there. */
class BrokerProbeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void aRunningBrokerAnswersTheProtocolHeader() {
        SharedInfra infra = SharedInfra.get();
        assertEquals(Optional.empty(), BrokerProbe.problem(infra.amqpHost(), infra.amqpPort(), TIMEOUT));
    }

    @Test
    void nothingListeningIsUnreachable() {
        Optional<String> p = BrokerProbe.problem("127.0.0.1", SharedInfra.freePort(), TIMEOUT);
        assertTrue(p.isPresent() && p.get().contains("unreachable"), String.valueOf(p));
    }

    @Test
    void aHungBrokerThatAcceptsButNeverAnswersIsDownWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Optional<String> p = BrokerProbe.problem("127.0.0.1", silent.getLocalPort(), TIMEOUT);
            long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(p.isPresent(), "a silent peer is not a broker");
            assertTrue(took < 2_000, "gave up after " + took + " ms");
        }
    }

    @Test
    void somethingElseOnThePortIsNotAmqp() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = http.accept(); OutputStream out = s.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception ignored) {
                    // the probe has closed the connection
                }
            });
            t.start();
            Optional<String> p = BrokerProbe.problem("127.0.0.1", http.getLocalPort(), TIMEOUT);
            assertTrue(p.isPresent() && p.get().contains("not AMQP"), String.valueOf(p));
            t.join(2_000);
        }
    }
}
