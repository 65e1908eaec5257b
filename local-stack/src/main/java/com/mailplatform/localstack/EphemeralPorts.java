package com.mailplatform.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The range the kernel picks client ports from. A listening port inside it is a trap: while nothing listens there,
 * a loopback client (a health poll, a reconnecting AMQP or gRPC client) can be given that very port as its own
 * source port and connect to itself (TCP simultaneous open, RFC 9293 section 3.5), and then the service that should
 * listen there finds the port taken. So the local stack refuses such ports at start.
 */
record EphemeralPorts(int low, int high, String source) {

    static final Path LINUX = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    static EphemeralPorts ofThisMachine() {
        // Read as a stream: procfs reports a size that Files.readString trusts, and it returns a fragment.
        try (BufferedReader r = Files.newBufferedReader(LINUX)) {
            String[] range = r.readLine().trim().split("\\s+");
            return new EphemeralPorts(Integer.parseInt(range[0]), Integer.parseInt(range[1]), LINUX.toString());
        } catch (IOException | RuntimeException notLinux) {
            // RFC 6335 section 6: the dynamic/private range, what BSDs, macOS and Windows use by default.
            return new EphemeralPorts(49152, 65535, "the IANA dynamic range (RFC 6335)");
        }
    }

    boolean contains(int port) {
        return port >= low && port <= high;
    }

    /** Fails with a message that names the first port inside the range and how to move out of it. */
    void refuse(Map<String, Integer> ports) {
        for (Map.Entry<String, Integer> p : ports.entrySet()) {
            if (contains(p.getValue())) {
                throw new IllegalArgumentException("port " + p.getValue() + " (" + p.getKey() + ") lies in this machine's"
                        + " ephemeral port range " + low + "-" + high + " (" + source + "): a loopback client can be given"
                        + " it as its own source port and connect to itself, and the service then cannot bind it."
                        + " Choose a --port-offset that keeps every port below " + low + " (the local stack uses 10000,"
                        + " the e2e tests 20000).");
            }
        }
    }
}
