package com.mailplatform.e2e.chaos;

import com.mailplatform.testsupport.TrustAll;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;

/**
 * Sends one tagged message the way an MTA does (RFC 5321 section 4.5.4.1): a 4xx reply or a lost connection means
 * try again later in a new session with the same message, a 5xx means give up. Every attempt's outcome is recorded,
 * because what the server may have stored depends on where the attempt ended: before the final dot nothing, after a
 * 4xx to the final dot nothing (the rule under test), after a connection lost while waiting for the final reply
 * possibly one copy (the duplicate RFC 5321 section 6.1 accepts).
 */
final class ChaosSender {

    /** How one attempt ended. */
    enum Ending { QUEUED, REJECTED, TEMP_BEFORE_DOT, TEMP_AFTER_DOT, LOST_BEFORE_DOT, LOST_AFTER_DOT }

    record Attempt(long atNanos, Ending ending, String reply) {
    }

    /** Where a client sends: port 25 unauthenticated (local recipients only) or 587 with STARTTLS and AUTH PLAIN. */
    record Endpoint(int port, boolean submission, String user, String password) {
    }

    private static final Pattern QUEUED_AS = Pattern.compile("queued as (\\S+)");

    private final Endpoint endpoint;
    private final String from;

    ChaosSender(Endpoint endpoint, String from) {
        this.endpoint = endpoint;
        this.from = from;
    }

    /** One attempt in a new session; never throws. */
    Attempt attempt(String tag, List<String> rcpts) {
        boolean dotSent = false;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), 5000);
            plain.setSoTimeout(20_000);
            Conn c = new Conn(plain);
            Reply r = c.read();
            if (!r.ok()) {
                return end(r, false);
            }
            r = c.cmd("EHLO chaos.client.test");
            if (!r.ok()) {
                return end(r, false);
            }
            if (endpoint.submission()) {
                r = c.cmd("STARTTLS");
                if (!r.ok()) {
                    return end(r, false);
                }
                SSLSocket tls = (SSLSocket) TrustAll.context().getSocketFactory()
                        .createSocket(plain, "127.0.0.1", endpoint.port(), true);
                tls.startHandshake();
                c = new Conn(tls);
                r = c.cmd("EHLO chaos.client.test");
                if (!r.ok()) {
                    return end(r, false);
                }
                String plainAuth = Base64.getEncoder().encodeToString(
                        ("\0" + endpoint.user() + "\0" + endpoint.password()).getBytes(StandardCharsets.UTF_8));
                r = c.cmd("AUTH PLAIN " + plainAuth);
                if (!r.ok()) {
                    return end(r, false);
                }
            }
            r = c.cmd("MAIL FROM:<" + from + ">");
            if (!r.ok()) {
                return end(r, false);
            }
            for (String rcpt : rcpts) {
                r = c.cmd("RCPT TO:<" + rcpt + ">");
                if (!r.ok()) {
                    return end(r, false);
                }
            }
            r = c.cmd("DATA");
            if (r.code() != 354) {
                return end(r, false);
            }
            // The queue may wait for the broker's outcome across a broker restart: wait as a patient MTA would
            // (RFC 5321 section 4.5.3.2.6 gives the final reply 10 minutes).
            c.socket.setSoTimeout(180_000);
            c.write(message(tag, rcpts) + ".\r\n");
            dotSent = true;
            r = c.read();
            try {
                c.write("QUIT\r\n");
            } catch (IOException ignored) {
                // the answer to the message is what counts
            }
            if (r.code() == 250) {
                Matcher m = QUEUED_AS.matcher(r.text());
                return new Attempt(System.nanoTime(), Ending.QUEUED, m.find() ? m.group(1) : r.text());
            }
            return end(r, true);
        } catch (IOException e) {
            return new Attempt(System.nanoTime(), dotSent ? Ending.LOST_AFTER_DOT : Ending.LOST_BEFORE_DOT, e.toString());
        }
    }

    private static Attempt end(Reply r, boolean afterDot) {
        Ending e = r.code() >= 500 ? Ending.REJECTED : afterDot ? Ending.TEMP_AFTER_DOT : Ending.TEMP_BEFORE_DOT;
        return new Attempt(System.nanoTime(), e, r.code() + " " + r.text());
    }

    static String message(String tag, List<String> rcpts) {
        return "From: <chaos@chaos.client.test>\r\n"
                + "To: " + String.join(", ", rcpts.stream().map(a -> "<" + a + ">").toList()) + "\r\n"
                + "Subject: " + tag + "\r\n"
                + "Message-ID: <" + tag + "@chaos.client.test>\r\n"
                + "\r\n"
                + "chaos test message " + tag + "\r\n"
                + "..a dot-stuffed line\r\n";
    }

    private record Reply(int code, String text) {
        boolean ok() {
            return code >= 200 && code < 400;
        }
    }

    private static final class Conn {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            this.out = socket.getOutputStream();
        }

        Reply cmd(String line) throws IOException {
            write(line + "\r\n");
            return read();
        }

        void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** A reply, multi-line ones joined (RFC 5321 section 4.2.1). */
        Reply read() throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed by the server" + (lines.isEmpty() ? "" : " after " + lines));
                }
                lines.add(line);
                if (line.length() < 4 || line.charAt(3) != '-') {
                    int code = Integer.parseInt(line.substring(0, 3));
                    return new Reply(code, String.join(" / ", lines));
                }
            }
        }
    }
}
