package com.mailplatform.delivery.dkim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.delivery.dkim.DkimSigner.DomainKey;
import com.mailplatform.testsupport.DebianPackages;
import com.mailplatform.testsupport.Dnsmasq;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The receiving side of a DKIM test: a real MTA that keeps the bytes it receives (Debian's python3-aiosmtpd,
 * {@code src/test/python/capture_mta.py}), dnsmasq publishing the keys' TXT records, and OpenDKIM's
 * {@code opendkim-testmsg} (Debian's opendkim-tools) as the verifier. opendkim-testmsg has no option for a DNS
 * server or a key file; libopendkim asks the resolvers of /etc/resolv.conf, which has no port, so dnsmasq listens on
 * 127.0.83.1:53 and the verifier runs in its own mount namespace ({@code unshare -m}) where a copy of that file
 * names it. The machine's resolv.conf is untouched.
 */
final class VerifyingWorld implements AutoCloseable {

    static final String DNS_ADDRESS = "127.0.83.1";

    /** A generated key and the TXT record mailbox-store would show for it (RFC 8463 section 4 for Ed25519). */
    record PublishedKey(DomainKey key, KeyPair pair, String txt) {
        static PublishedKey generate(String selector, String algorithm) throws NoSuchAlgorithmException {
            boolean rsa = algorithm.equals(DkimSigner.RSA_SHA256);
            KeyPairGenerator g = KeyPairGenerator.getInstance(rsa ? "RSA" : "Ed25519");
            if (rsa) {
                g.initialize(2048);
            }
            KeyPair pair = g.generateKeyPair();
            byte[] spki = pair.getPublic().getEncoded();
            byte[] p = rsa ? spki : Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            return new PublishedKey(new DomainKey(selector, algorithm, pair.getPrivate()), pair,
                    "v=DKIM1; k=" + (rsa ? "rsa" : "ed25519") + "; p=" + Base64.getEncoder().encodeToString(p));
        }
    }

    record Verdict(int exit, String output) {
    }

    private static final Pattern SIGNATURE_FIELD = Pattern.compile("DKIM-Signature:(?:[^\r\n]|\r\n[ \t])*\r\n");

    private final Path dir;
    private final Path captured;
    private final Dnsmasq dns;
    private final Path resolvConf;
    private final Process mta;

    /** {@code records}: DNS name, TXT value, DNS name, TXT value ... */
    VerifyingWorld(String zone, String mtaAddress, int mtaPort, String... records) throws Exception {
        DebianPackages.ensure("opendkim-tools", "python3-aiosmtpd", "dnsmasq-base");
        dir = Files.createTempDirectory("dkim-verify");
        captured = Files.createDirectories(dir.resolve("captured"));
        Dnsmasq d = new Dnsmasq(DNS_ADDRESS, 53).authoritative(zone);
        for (int i = 0; i + 1 < records.length; i += 2) {
            d.txt(records[i], records[i + 1]);
        }
        dns = d.start(dir.resolve("dnsmasq.log"));
        resolvConf = dns.resolvConf(dir.resolve("resolv.conf"));
        mta = startCaptureMta(mtaAddress, mtaPort);
    }

    private Process startCaptureMta(String address, int port) throws Exception {
        Path log = dir.resolve("capture-mta.log");
        Process p = new ProcessBuilder("/usr/bin/python3", Path.of("src/test/python/capture_mta.py").toAbsolutePath().toString(),
                address, String.valueOf(port), captured.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
        for (int i = 0; i < 100 && !Files.readString(log).contains("READY"); i++) {
            assertTrue(p.isAlive(), () -> "capture_mta.py exited: " + read(log));
            Thread.sleep(100);
        }
        return p;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** How many messages the MTA has received. */
    int count() throws IOException {
        try (var s = Files.list(captured)) {
            return (int) s.filter(p -> p.toString().endsWith(".eml")).count();
        }
    }

    /** The n-th message received (1-based), as received. */
    byte[] message(int n) throws IOException {
        Path file = captured.resolve(n + ".eml");
        assertTrue(Files.exists(file), "the MTA has not received message " + n);
        return Files.readAllBytes(file);
    }

    /** opendkim-testmsg in verify mode (no -d/-k/-s): exit 0 and no output when the signatures verify. */
    Verdict verify(byte[] message) throws Exception {
        Path in = Files.write(Files.createTempFile(dir, "verify", ".eml"), message);
        Process p = new ProcessBuilder("unshare", "-m", "sh", "-c", "mount --bind \"$0\" /etc/resolv.conf && exec opendkim-testmsg",
                resolvConf.toString())
                .redirectInput(in.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "opendkim-testmsg hangs");
        return new Verdict(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static List<String> signatureFields(byte[] message) {
        return SIGNATURE_FIELD.matcher(new String(message, StandardCharsets.US_ASCII)).results().map(r -> r.group()).toList();
    }

    /** The message without the signature field made with the given algorithm (neither signature covers the other). */
    static byte[] without(byte[] message, String algorithm) {
        String field = signatureFields(message).stream().filter(f -> f.contains("a=" + algorithm + ";")).findFirst().orElseThrow();
        return new String(message, StandardCharsets.US_ASCII).replace(field, "").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws Exception {
        mta.destroy();
        mta.waitFor();
        dns.close();
    }
}
