package com.mailplatform.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real rspamd (Debian's package) for tests: only its proxy worker, in milter mode on 127.0.0.1 and a port of the
 * test's choice, scanning itself (self_scan), with a configuration written to a temporary directory. No redis and
 * no network are needed for the GTUBE test string; milter_headers adds X-Spamd-Result to every message.
 */
public final class RspamdMilter implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final Process process;

    private RspamdMilter(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    public static RspamdMilter start(int port) throws IOException, InterruptedException {
        DebianPackages.ensure("rspamd");
        Path dir = Files.createTempDirectory("rspamd-milter");
        Path local = Files.createDirectories(dir.resolve("local.d"));
        Files.writeString(local.resolve("worker-proxy.inc"), "bind_socket = \"127.0.0.1:" + port + "\";\n"
                + "milter = yes;\ntimeout = 60s;\nupstream \"local\" { default = yes; self_scan = yes; }\n");
        Files.writeString(local.resolve("worker-normal.inc"), "enabled = false;\n");
        Files.writeString(local.resolve("worker-controller.inc"), "enabled = false;\n");
        Files.writeString(local.resolve("worker-fuzzy.inc"), "enabled = false;\n");
        Files.writeString(local.resolve("milter_headers.conf"), "use = [\"x-spamd-result\", \"x-rspamd-server\"];\n"
                + "skip_local = false;\nskip_authenticated = false;\n");
        Files.writeString(local.resolve("logging.inc"), "type = \"console\";\nlevel = \"error\";\n");
        for (String d : List.of("db", "run", "log")) {
            Files.createDirectories(dir.resolve(d));
        }
        // rspamd drops root privileges to _rspamd, which must be able to write its db and run directories.
        new ProcessBuilder("chown", "-R", "_rspamd", dir.toString()).inheritIO().start().waitFor();
        new ProcessBuilder("chmod", "755", dir.toString()).start().waitFor();
        Process p = new ProcessBuilder("rspamd", "-f", "-u", "_rspamd", "-g", "_rspamd", "-c", "/etc/rspamd/rspamd.conf",
                "--var=LOCAL_CONFDIR=" + dir, "--var=DBDIR=" + dir.resolve("db"), "--var=RUNDIR=" + dir.resolve("run"),
                "--var=LOGDIR=" + dir.resolve("log"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("rspamd.log").toFile()).start();
        Daemons.awaitListening(p, port, Duration.ofSeconds(90), dir.resolve("rspamd.log"));
        return new RspamdMilter(port, dir, p);
    }

    /** Runs rspamd in milter mode on the given port until killed (bench/milter_cost.sh). */
    public static void main(String[] args) throws Exception {
        RspamdMilter r = start(Integer.parseInt(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                r.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println("rspamd milter on 127.0.0.1:" + r.port());
        Thread.currentThread().join();
    }

    public int port() {
        return port;
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean listening(int port) {
        return Daemons.listening(port);
    }

    @Override
    public void close() throws InterruptedException {
        Daemons.stop(process);
    }
}
