package com.mailplatform.e2e.chaos;

import com.mailplatform.testsupport.TrustAll;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal IMAPS client for the chaos test: tagged commands, responses with their literals inlined (RFC 9051
 * section 4.3), so a FETCH of a header field comes back as one string per message.
 */
final class ImapClient implements AutoCloseable {

    /** A command's untagged responses and its tagged status line. */
    record Response(List<String> untagged, String status) {
        boolean ok() {
            return status.startsWith("OK");
        }
    }

    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tag;

    private ImapClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and reads the greeting; throws when the server is not there or does not greet with OK. */
    static ImapClient connect(int port, int timeoutMillis) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            Socket tls = TrustAll.context().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
            tls.setSoTimeout(timeoutMillis);
            ImapClient c = new ImapClient(tls);
            String greeting = c.line();
            if (!greeting.startsWith("* OK")) {
                throw new IOException("greeting " + greeting);
            }
            return c;
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    Response command(String command) throws IOException {
        String t = "c" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<String> untagged = new ArrayList<>();
        while (true) {
            String response = response();
            if (response.startsWith(t + " ")) {
                return new Response(untagged, response.substring(t.length() + 1));
            }
            untagged.add(response);
        }
    }

    /** One response with every literal read into it. */
    private String response() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            String line = line();
            sb.append(line);
            Matcher m = LITERAL.matcher(line);
            if (!m.find()) {
                return sb.toString();
            }
            byte[] literal = in.readNBytes(Integer.parseInt(m.group(1)));
            sb.append('\n').append(new String(literal, StandardCharsets.UTF_8));
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        throw new IOException("connection closed by the server");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
