package com.mailplatform.mailctl.transfer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The client side of IMAP4rev1 (RFC 3501) that an import needs: one command at a time, responses read into parsed
 * values ({@link #command} returns the untagged ones). Literals (section 4.3) are read by count; one larger than
 * the message limit is read past and marked, so a hostile server costs bounded memory; lines are bounded too.
 */
final class ImapConnection implements Closeable {

    /** A literal that was over the limit: its size only. */
    record Skipped(long size) { }

    private final Socket socket;
    private InputStream in;
    private OutputStream out;
    private final Limits limits;
    private int tag;

    ImapConnection(String host, int port, ImapSource.Tls tls, boolean insecure, Limits limits) throws IOException {
        this.limits = limits;
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), 10_000);
        s.setSoTimeout(120_000);
        s.setTcpNoDelay(true);
        if (tls == ImapSource.Tls.IMPLICIT) {
            s = wrap(s, host, port, insecure);
        }
        this.socket = tls == ImapSource.Tls.STARTTLS ? startTls(s, host, port, insecure) : s;
        streams(socket);
        if (tls != ImapSource.Tls.STARTTLS) {
            greeting();
        }
    }

    private void streams(Socket s) throws IOException {
        in = new BufferedInputStream(s.getInputStream(), 1 << 16);
        out = new BufferedOutputStream(s.getOutputStream());
    }

    private void greeting() throws IOException {
        List<Object> g = readResponse();
        if (g.size() < 2 || !"OK".equalsIgnoreCase(String.valueOf(g.get(1))) && !"PREAUTH".equalsIgnoreCase(String.valueOf(g.get(1)))) {
            throw new IOException("IMAP server did not greet with OK: " + g);
        }
    }

    /** RFC 3501 section 6.2.1: STARTTLS on the plain connection, then TLS on the same socket. */
    private Socket startTls(Socket plain, String host, int port, boolean insecure) throws IOException {
        streams(plain);
        greeting();
        command("STARTTLS");
        return wrap(plain, host, port, insecure);
    }

    private static Socket wrap(Socket s, String host, int port, boolean insecure) throws IOException {
        try {
            SSLSocketFactory f;
            if (insecure) {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] chain, String type) { }

                    @Override
                    public void checkServerTrusted(X509Certificate[] chain, String type) { }

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                }}, null);
                f = ctx.getSocketFactory();
            } else {
                f = (SSLSocketFactory) SSLSocketFactory.getDefault();
            }
            SSLSocket ssl = (SSLSocket) f.createSocket(s, host, port, true);
            if (!insecure) {
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 6125 name check, as for HTTPS
                ssl.setSSLParameters(p);
            }
            ssl.startHandshake();
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS: " + e.getMessage(), e);
        }
    }

    /** Sends a command and returns its untagged responses; IOException unless it ends in a tagged OK. */
    List<List<Object>> command(String text) throws IOException {
        String t = "m" + (++tag);
        out.write((t + " " + text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<List<Object>> untagged = new ArrayList<>();
        while (true) {
            List<Object> r = readResponse();
            if (!r.isEmpty() && t.equals(r.get(0))) {
                if (r.size() < 2 || !"OK".equalsIgnoreCase(String.valueOf(r.get(1)))) {
                    throw new IOException(text.startsWith("LOGIN") ? "LOGIN refused: " + r : text + " refused: " + r);
                }
                return untagged;
            }
            if (!r.isEmpty() && "*".equals(r.get(0))) {
                untagged.add(r);
            }
            // "+" continuations are not asked for by anything sent here
        }
    }

    /** One response, tokenized: atoms and strings as String, NIL as null, lists as List, literals as byte[] (or Skipped). */
    List<Object> readResponse() throws IOException {
        List<Object> literals = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        while (true) {
            String part = readLine();
            int brace = part.endsWith("}") ? part.lastIndexOf('{') : -1;
            if (brace < 0) {
                line.append(part);
                break;
            }
            long n;
            try {
                n = Long.parseLong(part.substring(brace + 1, part.length() - 1).replace("+", ""));
            } catch (NumberFormatException e) {
                throw new IOException("bad literal size in: " + part);
            }
            line.append(part, 0, brace).append('\u0001').append(literals.size()).append('\u0001');
            literals.add(literal(n));
        }
        return new Tokenizer(line.toString(), literals).list(false);
    }

    private Object literal(long n) throws IOException {
        if (n < 0) {
            throw new IOException("negative literal");
        }
        if (n > limits.maxMessageBytes()) {
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed in a literal");
                    }
                    s = 1;
                }
                left -= s;
            }
            return new Skipped(n);
        }
        byte[] b = in.readNBytes((int) n);
        if (b.length != n) {
            throw new IOException("connection closed in a literal");
        }
        return b;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("IMAP server closed the connection");
            }
            if (b.size() >= limits.maxLineBytes()) {
                throw new IOException("IMAP response line longer than " + limits.maxLineBytes() + " bytes");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** RFC 3501 section 4.3 quoted string. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() throws IOException {
        try {
            out.write(("m" + (++tag) + " LOGOUT\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // closing anyway
        }
        socket.close();
    }

    /** Splits a response line into values; brackets stay inside atoms ("BODY[]", "[UIDVALIDITY"). */
    private static final class Tokenizer {
        private final String s;
        private final List<Object> literals;
        private int pos;

        Tokenizer(String s, List<Object> literals) {
            this.s = s;
            this.literals = literals;
        }

        List<Object> list(boolean nested) throws IOException {
            List<Object> out = new ArrayList<>();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ') {
                    pos++;
                } else if (c == ')') {
                    pos++;
                    if (nested) {
                        return out;
                    }
                } else if (c == '(') {
                    pos++;
                    out.add(list(true));
                } else if (c == '"') {
                    out.add(quoted());
                } else if (c == '\u0001') {
                    int end = s.indexOf('\u0001', pos + 1);
                    out.add(literals.get(Integer.parseInt(s.substring(pos + 1, end))));
                    pos = end + 1;
                } else {
                    int start = pos;
                    while (pos < s.length() && " ()\"\u0001".indexOf(s.charAt(pos)) < 0) {
                        pos++;
                    }
                    String atom = s.substring(start, pos);
                    out.add(atom.equalsIgnoreCase("NIL") ? null : atom);
                }
            }
            return out;
        }

        private String quoted() throws IOException {
            StringBuilder b = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    b.append(s.charAt(pos++));
                } else if (c == '"') {
                    return b.toString();
                } else {
                    b.append(c);
                }
            }
            throw new IOException("unterminated quoted string");
        }
    }
}
