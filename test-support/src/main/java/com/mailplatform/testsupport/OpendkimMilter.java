package com.mailplatform.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real OpenDKIM (Debian's package) in signing mode as a milter on 127.0.0.1 and a port of the test's choice, with
 * an RSA key made by opendkim-genkey for one domain and selector. It signs what comes from 127.0.0.1 (its default
 * InternalHosts) or from an authenticated client. {@link #txtRecord()} is the DNS record it asks to publish.
 */
public final class OpendkimMilter implements AutoCloseable {

    private final int port;
    private final String txtRecord;
    private final Process process;

    private OpendkimMilter(int port, String txtRecord, Process process) {
        this.port = port;
        this.txtRecord = txtRecord;
        this.process = process;
    }

    public static OpendkimMilter start(int port, String domain, String selector) throws IOException, InterruptedException {
        DebianPackages.ensure("opendkim", "opendkim-tools");
        Path dir = Files.createTempDirectory("opendkim");
        run(new ProcessBuilder("opendkim-genkey", "-b", "2048", "-D", dir.toString(), "-d", domain, "-s", selector));
        Path conf = dir.resolve("opendkim.conf");
        Files.writeString(conf, String.join("\n",
                "Mode s",
                "Domain " + domain,
                "Selector " + selector,
                "KeyFile " + dir.resolve(selector + ".private"),
                "Canonicalization relaxed/relaxed",
                "Socket inet:" + port + "@127.0.0.1",
                "Background no",
                "RequireSafeKeys false",
                "Syslog no",
                "PidFile " + dir.resolve("opendkim.pid"),
                ""));
        Path log = dir.resolve("opendkim.log");
        Process p = new ProcessBuilder("opendkim", "-f", "-x", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Daemons.awaitListening(p, port, Duration.ofSeconds(30), log);
        return new OpendkimMilter(port, txtValue(Files.readString(dir.resolve(selector + ".txt"))), p);
    }

    /** opendkim-genkey writes a zone-file line with the value split into quoted strings; this joins them. */
    static String txtValue(String zoneLine) {
        StringBuilder v = new StringBuilder();
        int i = 0;
        while ((i = zoneLine.indexOf('"', i)) >= 0) {
            int end = zoneLine.indexOf('"', i + 1);
            v.append(zoneLine, i + 1, end);
            i = end + 1;
        }
        return v.toString();
    }

    private static void run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", pb.command()) + " failed: " + out);
        }
    }

    public int port() {
        return port;
    }

    /** The value of the {@code <selector>._domainkey.<domain>} TXT record, e.g. "v=DKIM1; h=sha256; k=rsa; p=...". */
    public String txtRecord() {
        return txtRecord;
    }

    @Override
    public void close() throws InterruptedException {
        Daemons.stop(process);
    }
}
