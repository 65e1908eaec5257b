package com.mailplatform.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Waiting for a daemon that a test started to listen on loopback, and stopping it with its children. */
public final class Daemons {

    private Daemons() {
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until {@code p} listens on {@code port}; fails with the daemon's log if it exits or takes too long. */
    public static void awaitListening(Process p, int port, Duration timeout, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                stop(p);
                throw new IllegalStateException(p.info().command().orElse("daemon") + " did not start: "
                        + (Files.exists(log) ? Files.readString(log) : "(no log)"));
            }
            Thread.sleep(100);
        }
    }

    public static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        p.waitFor();
    }
}
