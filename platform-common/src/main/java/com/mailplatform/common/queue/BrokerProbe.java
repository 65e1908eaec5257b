package com.mailplatform.common.queue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whether the AMQP broker answers, for readiness checks: the AMQP connector's own check only reports that its link
 * was attached, and stays UP while a hung or partitioned broker leaves the TCP connection open. This opens a new
 * connection and does the protocol header exchange of AMQP 1.0 (section 2.2, version negotiation): we send the SASL
 * header "AMQP" 3 1 0 0 (section 5.3.1) and a live broker answers with a header of its own before anything else.
 * No login is attempted, so the broker keeps no state; the connection is closed at once.
 */
public final class BrokerProbe {

    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};

    private BrokerProbe() {
    }

    /** Empty when the broker at host:port answered within {@code timeout} (for the connect and for the answer). */
    public static Optional<String> problem(String host, int port, Duration timeout) {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), millis);
            s.setSoTimeout(millis);
            s.getOutputStream().write(SASL_HEADER);
            s.getOutputStream().flush();
            byte[] answer = readFully(s.getInputStream(), 8);
            if (!Arrays.equals(Arrays.copyOf(answer, 4), Arrays.copyOf(SASL_HEADER, 4))) {
                return Optional.of(host + ":" + port + " answered something that is not AMQP: "
                        + new String(answer, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", "?"));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("broker " + host + ":" + port + " unreachable: " + e);
        }
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("connection closed after " + b.length + " bytes of the protocol header");
        }
        return b;
    }
}
