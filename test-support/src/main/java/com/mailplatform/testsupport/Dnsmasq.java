package com.mailplatform.testsupport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real DNS server for tests: Debian's dnsmasq on 127.0.0.1 and a port of the test's choice, serving only the
 * records the test names (no upstream, no /etc/hosts). MX, A, AAAA, TXT and null MX (RFC 7505) records.
 */
public final class Dnsmasq implements AutoCloseable {

    private final List<String> records = new ArrayList<>();
    /** Options that need dnsmasq's quoting (only its configuration file has it, the command line does not). */
    private final List<String> confLines = new ArrayList<>();
    private final String address;
    private final int port;
    private Process process;

    public Dnsmasq(int port) {
        this("127.0.0.1", port);
    }

    /**
     * On another loopback address, e.g. port 53 of 127.0.83.1 for a program that can only use the resolvers of
     * /etc/resolv.conf (which has no port): run it with its own copy of that file, see {@link #resolvConf}.
     */
    public Dnsmasq(String address, int port) {
        this.address = address;
        this.port = port;
    }

    public Dnsmasq mx(String domain, String host, int preference) {
        records.add("--mx-host=" + domain + "," + host + "," + preference);
        return this;
    }

    /** A and AAAA records of a name (any mix of IPv4 and IPv6 addresses). */
    public Dnsmasq host(String name, String... addresses) {
        records.add("--host-record=" + name + "," + String.join(",", addresses));
        return this;
    }

    /** RFC 7505: "MX 0 ." — RDATA is preference 0 and the root name (one zero octet). */
    public Dnsmasq nullMx(String domain) {
        records.add("--dns-rr=" + domain + ",15,000000");
        return this;
    }

    /**
     * A TXT record (SPF, DKIM key, DMARC policy): the value is split into character-strings of at most 255 octets
     * (RFC 1035 section 3.3.14), which readers join again (RFC 7208 section 3.3, RFC 6376 section 3.6.2.2).
     */
    public Dnsmasq txt(String name, String value) {
        if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("TXT values with quotes or backslashes are not supported: " + value);
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < value.length(); i += 255) {
            parts.add('"' + value.substring(i, Math.min(value.length(), i + 255)) + '"');
        }
        confLines.add("txt-record=" + name + "," + String.join(",", parts));
        return this;
    }

    /** Answers for names under {@code domain} come only from these records: unknown names get NXDOMAIN. */
    public Dnsmasq authoritative(String domain) {
        records.add("--local=/" + domain + "/");
        return this;
    }

    public int port() {
        return port;
    }

    public String address() {
        return address;
    }

    /** A resolv.conf naming only this server; valid when it listens on port 53, the only port resolv.conf knows. */
    public Path resolvConf(Path file) throws IOException {
        if (port != 53) {
            throw new IllegalStateException("resolv.conf cannot name port " + port);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, "nameserver " + address + "\noptions attempts:1 timeout:2\n");
    }

    public Dnsmasq start(Path logFile) throws IOException, InterruptedException {
        DebianPackages.ensure("dnsmasq-base");
        List<String> cmd = new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
                "--port=" + port, "--listen-address=" + address, "--bind-interfaces", "--user=root",
                "--pid-file", "--log-queries", "--log-facility=-", "--local-ttl=0"));
        cmd.addAll(records);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        if (!confLines.isEmpty()) {
            Path conf = logFile.toAbsolutePath().resolveSibling("dnsmasq-" + address + "-" + port + ".conf");
            Files.write(conf, confLines);
            cmd.add("--conf-file=" + conf);
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
        awaitAnswering();
        return this;
    }

    private void awaitAnswering() throws IOException, InterruptedException {
        // Any query gets an answer once dnsmasq listens; a query for "." is small and harmless.
        byte[] q = {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1};
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dnsmasq exited with " + process.exitValue());
            }
            try (DatagramSocket s = new DatagramSocket()) {
                s.setSoTimeout(200);
                s.send(new DatagramPacket(q, q.length, new InetSocketAddress(address, port)));
                s.receive(new DatagramPacket(new byte[512], 512));
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("dnsmasq does not answer on " + address + ":" + port);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }
}
