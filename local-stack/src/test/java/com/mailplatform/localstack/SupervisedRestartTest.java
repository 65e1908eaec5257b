package com.mailplatform.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor with real processes: the broker (its own JVM) and PostgreSQL are killed with SIGKILL and must be
 * back and healthy within a bound; a deliberate stop must not bring them back.
 */
class SupervisedRestartTest {

    /** 1 s of backoff plus a cold start of the part on a busy 2-core machine. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path data;

    @Test
    void aKilledBrokerIsRestartedAndAnswersAmqpAgain() throws Exception {
        int port = freePortBelowEphemeralRange(31100);
        killAndExpectRestart(new BrokerPart(data.resolve("broker"), port));
    }

    @Test
    void aKilledPostgresIsRestartedOnItsDataAndAcceptsLoginsAgain() throws Exception {
        int port = freePortBelowEphemeralRange(31400);
        killAndExpectRestart(new PostgresPart(data.resolve("postgres"), port));
    }

    private void killAndExpectRestart(Part part) throws Exception {
        Files.createDirectories(data.resolve("logs"));
        Supervised s = new Supervised(part, data.resolve("logs"));
        s.start();
        try {
            s.awaitHealthy(Duration.ofSeconds(120));
            long before = s.pid();
            long t0 = System.nanoTime();
            assertEquals(before, s.kill());
            assertFalse(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false), "still alive after SIGKILL");
            s.awaitHealthy(BOUND);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s: healthy again %.1f s after SIGKILL%n", part.name(), seconds);
            assertNotEquals(before, s.pid());
            assertEquals(1, s.deaths());
            assertTrue(Files.readString(data.resolve("logs").resolve(part.name() + ".log")).length() > 0);
        } finally {
            s.stop();
        }
        // a deliberate stop ends supervision: nothing runs, nothing comes back
        assertEquals(-1, s.pid());
        assertFalse(part.healthy());
        assertThrows(IllegalStateException.class, () -> s.awaitHealthy(Duration.ofSeconds(5)));
        assertEquals(1, s.deaths());
    }

    static int freePortBelowEphemeralRange(int from) throws IOException {
        EphemeralPorts ephemeral = EphemeralPorts.ofThisMachine();
        for (int p = from; p < from + 200; p++) {
            if (ephemeral.contains(p)) {
                break;
            }
            try (ServerSocket probe = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return p;
            } catch (IOException taken) {
                // next
            }
        }
        throw new IOException("no free port from " + from);
    }
}
