package com.mailplatform.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.testsupport.TrustAll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

/** A line-oriented test client over a real socket (POP3, IMAP), with STARTTLS on the same connection. */
public final class LineClient implements AutoCloseable {
    public Socket socket;
    public InputStream in;
    public OutputStream out;

    public LineClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One line, CRLF checked and removed. */
    public String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int prev = -1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + b);
            }
            if (c == '\n') {
                assertEquals('\r', prev, "CRLF line end");
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            b.write(c);
            prev = c;
        }
    }

    /** Lines of a multi-line body up to the "." line, still dot-stuffed. */
    /** IMAP: the lines up to and including the tagged reply of {@code tag}. */
    public List<String> until(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = line();
            lines.add(l);
        } while (!l.startsWith(tag + " "));
        return lines;
    }

    public List<String> body() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = line(); !l.equals("."); l = line()) {
            lines.add(l);
        }
        return lines;
    }

    /** Raw bytes up to and including {@code end}. */
    public String raw(String end) throws IOException {
        byte[] tail = end.getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[1024];
        int n = 0;
        while (n < tail.length || !java.util.Arrays.equals(buf, n - tail.length, n, tail, 0, tail.length)) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = (byte) c;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** True when the server has closed the connection (and sent nothing more). */
    public boolean closed() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public static LineClient connect(int port) throws IOException {
        return new LineClient(new Socket("127.0.0.1", port));
    }

    /** Raw bytes in one write (a pipelined burst). */
    public void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Upgrades this connection to TLS (STARTTLS/STLS), trusting the test's self-signed certificate. */
    public void startTls() throws Exception {
        startTls(new String[0]);
    }

    /** STARTTLS offering only TLS 1.2 with the given cipher suites (none given: the JDK's defaults). */
    public void startTls(String... suites) throws Exception {
        SSLSocket tls = (SSLSocket) TrustAll.context().getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        tls.setUseClientMode(true);
        if (suites.length > 0) {
            tls.setEnabledProtocols(new String[]{"TLSv1.2"});
            tls.setEnabledCipherSuites(suites);
        }
        tls.startHandshake();
        socket = tls;
        socket.setSoTimeout(10_000);
        in = tls.getInputStream();
        out = tls.getOutputStream();
    }
}
