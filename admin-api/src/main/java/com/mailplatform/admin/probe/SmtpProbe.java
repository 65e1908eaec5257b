package com.mailplatform.admin.probe;

import com.mailplatform.admin.AdminConfig;
import com.mailplatform.common.smtp.EhloExtensions;
import com.mailplatform.common.smtp.ReplyParser;
import com.mailplatform.common.smtp.SmtpReply;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * "What does that host say", like {@code telnet host 25} or posttls-finger: connect, read the banner, EHLO,
 * STARTTLS (RFC 3207) when offered, report the certificate chain and whether the JVM's trust store and the host
 * name accept it, EHLO again, QUIT. Blocking I/O with timeouts; callers run it on a worker thread.
 */
@ApplicationScoped
public class SmtpProbe {

    private final AdminConfig config;

    public SmtpProbe(AdminConfig config) {
        this.config = config;
    }

    public ProbeResult probe(ProbeTarget target) {
        int timeout = (int) config.probe().timeout().toMillis();
        String helo = config.probe().heloName();
        String address = null;
        long connectMillis = -1;
        String banner = null;
        List<String> ehlo = null;
        boolean starttls = false;
        ProbeResult.Tls tls = null;
        List<String> ehloTls = null;
        try {
            InetAddress ip = InetAddress.getByName(target.host());
            address = ip.getHostAddress();
            long t0 = System.nanoTime();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(ip, target.port()), timeout);
                socket.setSoTimeout(timeout);
                socket.setTcpNoDelay(true);
                connectMillis = (System.nanoTime() - t0) / 1_000_000;
                Session s = new Session(socket.getInputStream(), socket.getOutputStream());
                SmtpReply greeting = s.read();
                banner = greeting.code() + " " + String.join(" / ", greeting.lines());
                if (greeting.code() != 220) {
                    return new ProbeResult(target.host(), target.port(), address, connectMillis, banner, null, false, null, null,
                            "the server does not accept mail (greeting " + greeting.code() + ")");
                }
                SmtpReply e = s.command("EHLO " + helo);
                ehlo = e.lines();
                if (e.code() != 250) {
                    return new ProbeResult(target.host(), target.port(), address, connectMillis, banner, ehlo, false, null, null,
                            "EHLO refused with " + e.code());
                }
                starttls = EhloExtensions.parse(e).has("STARTTLS");
                if (starttls) {
                    SmtpReply go = s.command("STARTTLS");
                    if (go.code() == 220) {
                        Recorder recorder = new Recorder();
                        SSLSocket ssl = upgrade(socket, target.host(), recorder);
                        ssl.setSoTimeout(timeout);
                        ssl.startHandshake();
                        tls = describe(ssl, recorder, target.host());
                        s = new Session(ssl.getInputStream(), ssl.getOutputStream());
                        ehloTls = s.command("EHLO " + helo).lines();
                    }
                }
                s.send("QUIT");
            }
            return new ProbeResult(target.host(), target.port(), address, connectMillis, banner, ehlo, starttls, tls, ehloTls, null);
        } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new ProbeResult(target.host(), target.port(), address, connectMillis, banner, ehlo, starttls, tls, ehloTls, why);
        }
    }

    /** Accepts any chain so the report shows what was presented; whether it is trusted is reported, not enforced. */
    private static SSLSocket upgrade(Socket plain, String host, Recorder recorder) throws IOException, java.security.GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {recorder}, null);
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, plain.getPort(), true);
        ssl.setUseClientMode(true);
        return ssl;
    }

    private static ProbeResult.Tls describe(SSLSocket ssl, Recorder recorder, String host) throws java.security.GeneralSecurityException {
        X509Certificate[] chain = recorder.chain;
        String problem = null;
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            ((X509TrustManager) tmf.getTrustManagers()[0]).checkServerTrusted(chain, recorder.authType);
        } catch (CertificateException e) {
            problem = e.getMessage();
        }
        List<ProbeResult.Certificate> certs = new ArrayList<>();
        for (X509Certificate c : chain) {
            certs.add(new ProbeResult.Certificate(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                    dnsNames(c), c.getNotBefore().toInstant(), c.getNotAfter().toInstant(),
                    HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()))));
        }
        boolean matches = chain.length > 0 && HostNames.matchesAny(host, dnsNames(chain[0]));
        return new ProbeResult.Tls(ssl.getSession().getProtocol(), ssl.getSession().getCipherSuite(), problem == null, problem, matches, certs);
    }

    private static List<String> dnsNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> san : c.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0)) || Integer.valueOf(7).equals(san.get(0))) { // dNSName, iPAddress
                        out.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unparsable SAN extension: report none
        }
        return out;
    }

    private static final class Recorder implements X509TrustManager {
        X509Certificate[] chain = new X509Certificate[0];
        String authType = "UNKNOWN";

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            this.chain = chain;
            this.authType = authType;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Line I/O of one SMTP session, bounded (ReplyParser.MAX_LINE) so a hostile server cannot exhaust memory. */
    private static final class Session {
        private final InputStream in;
        private final OutputStream out;
        private final ReplyParser parser = new ReplyParser();

        Session(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        SmtpReply command(String line) throws IOException {
            send(line);
            return read();
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        SmtpReply read() throws IOException {
            while (true) {
                SmtpReply reply = parser.feed(line());
                if (reply != null) {
                    return reply;
                }
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (b == '\n') {
                    byte[] bytes = buf.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
                }
                if (buf.size() > ReplyParser.MAX_LINE) {
                    throw new IOException("reply line longer than " + ReplyParser.MAX_LINE + " octets");
                }
                buf.write(b);
            }
        }
    }
}
