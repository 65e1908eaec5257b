package com.mailplatform.smtp.checks;

import com.mailplatform.testsupport.DebianPackages;
import com.mailplatform.testsupport.Dnsmasq;
import com.mailplatform.testsupport.SharedInfra;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The DNS the sender-check tests run against, one per JVM: Debian's dnsmasq serving the SPF, DKIM, DMARC and DNSBL
 * records of the test domains, with a DKIM key made by Debian's dknewkey (python3-dkim). Messages are signed with
 * the same package's dkimsign, so the signer is independent of the verifier under test.
 */
final class AuthDns {

    static final String SELECTOR = "sel";
    /** Clients on 127.0.0.0/8 pass SPF for pass.test; every other test domain only allows 192.0.2.0/24. */
    static final String SPF_FAIL = "v=spf1 ip4:192.0.2.0/24 -all";
    static final String BLOCKLIST = "bl.test";
    static final String LISTED_CLIENT = "127.0.0.2";

    private static AuthDns instance;

    final Dnsmasq dnsmasq;
    final Path key;
    final Path dir;

    private AuthDns(Dnsmasq dnsmasq, Path key, Path dir) {
        this.dnsmasq = dnsmasq;
        this.key = key;
        this.dir = dir;
    }

    static synchronized AuthDns get() throws Exception {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static AuthDns start() throws Exception {
        DebianPackages.ensure("python3-dkim");
        Path dir = Files.createTempDirectory("sender-checks");
        run(dir, "/usr/bin/dknewkey", SELECTOR);
        String dkimRecord = Files.readString(dir.resolve(SELECTOR + ".dns"), StandardCharsets.US_ASCII).strip();
        Dnsmasq dns = new Dnsmasq(SharedInfra.freePort()).authoritative("test");
        for (String d : List.of("pass.test", "reject.test", "quarantine.test", "none.test", "sub.org.test",
                "half.test")) {
            dns.txt(SELECTOR + "._domainkey." + d, dkimRecord);
        }
        dns.txt("pass.test", "v=spf1 ip4:127.0.0.0/8 -all")
                .txt("_dmarc.pass.test", "v=DMARC1; p=reject; rua=mailto:dmarc@pass.test")
                .txt("reject.test", SPF_FAIL)
                .txt("_dmarc.reject.test", "v=DMARC1; p=reject")
                .txt("quarantine.test", SPF_FAIL)
                .txt("_dmarc.quarantine.test", "v=DMARC1; p=quarantine")
                .txt("none.test", SPF_FAIL)
                .txt("_dmarc.none.test", "v=DMARC1; p=none")
                // sp= applies to a subdomain without its own record (RFC 7489 section 6.3).
                .txt("_dmarc.org.test", "v=DMARC1; p=none; sp=reject")
                .txt("sub.org.test", SPF_FAIL)
                // pct=0: no failing message is selected for reject, so quarantine instead (section 6.6.4).
                .txt("half.test", SPF_FAIL)
                .txt("_dmarc.half.test", "v=DMARC1; p=reject; pct=0")
                .txt("garbled.test", SPF_FAIL)
                .txt("_dmarc.garbled.test", "v=DMARC1;;;=;p;==p=;p=bogus;pct=99999999999999999999;adkim=%;"
                        + "x".repeat(600))
                .txt("two.test", SPF_FAIL)
                .txt("_dmarc.two.test", "v=DMARC1; p=reject")
                .txt("_dmarc.two.test", "v=DMARC1; p=none")
                // The DNSBL: 127.0.0.2 is listed (RFC 5782 section 5 test entry), nothing else.
                .host("2.0.0.127." + BLOCKLIST, "127.0.0.2");
        dns.start(dir.resolve("dnsmasq.log"));
        return new AuthDns(dns, dir.resolve(SELECTOR + ".key"), dir);
    }

    String resolver() {
        return "127.0.0.1:" + dnsmasq.port();
    }

    /** Signs with dkimsign (relaxed header canonicalization) and returns the message with CRLF line ends. */
    byte[] sign(String domain, String message) throws Exception {
        Path in = Files.createTempFile(dir, "msg", ".eml");
        Files.writeString(in, message, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("/usr/bin/dkimsign", SELECTOR, domain, key.toString())
                .redirectInput(in.toFile()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("dkimsign failed: " + err);
        }
        return new String(out, StandardCharsets.UTF_8).replace("\r\n", "\n").replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    static String message(String from, String subject, String extraHeaders) {
        return extraHeaders + "From: Sender <" + from + ">\r\nTo: rcpt@e2e.test\r\nSubject: " + subject + "\r\n"
                + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + System.nanoTime() + "@checks.test>\r\n"
                + "\r\nHello,\r\nthis is a test of sender authentication.\r\n";
    }
}
