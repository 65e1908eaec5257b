package com.mailplatform.localstack;

import com.mailplatform.testsupport.EmbeddedDatabase;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded PostgreSQL as a child process of the launcher. test-support's {@link EmbeddedDatabase} (zonky)
 * makes the cluster and chooses the server settings, but starts the server through {@code pg_ctl}, detached. A
 * detached server that is killed is reaped by pid 1 or not at all (in a container whose pid 1 does not reap, it
 * stays a zombie and its {@code postmaster.pid} keeps every new server out). So the first start goes through
 * EmbeddedDatabase, which leaves the exact command line in {@code postmaster.opts}; that server is stopped and the
 * same command runs from then on as this launcher's own child, which it reaps and restarts.
 */
final class PostgresPart implements Part {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private final Path dataDir;
    private final int port;
    private List<String> command;

    PostgresPart(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public synchronized ProcessBuilder command() throws IOException {
        if (command == null) {
            try (EmbeddedDatabase prepared = EmbeddedDatabase.start(dataDir, port)) {
                command = parseOpts(Files.readString(dataDir.resolve("postmaster.opts"), StandardCharsets.UTF_8));
            }
        }
        List<String> cmd = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // As zonky does for root: PostgreSQL refuses to run as root, but in a user namespace of its own it runs as
            // the overflow uid, which is also who owns the data directory there.
            cmd.addAll(List.of("unshare", "-U"));
        }
        cmd.addAll(command);
        return new ProcessBuilder(cmd);
    }

    /** {@code postmaster.opts}: the server binary's path, then every argument in double quotes. */
    static List<String> parseOpts(String opts) {
        String line = opts.strip();
        int firstQuote = line.indexOf('"');
        List<String> cmd = new ArrayList<>();
        cmd.add((firstQuote < 0 ? line : line.substring(0, firstQuote)).strip());
        Matcher m = QUOTED.matcher(firstQuote < 0 ? "" : line.substring(firstQuote));
        while (m.find()) {
            cmd.add(m.group(1));
        }
        return cmd;
    }

    @Override
    public boolean healthy() {
        return Probes.postgres(port);
    }

    /**
     * A fast shutdown, what {@code pg_ctl stop -m fast} does: SIGINT ends the sessions and writes a checkpoint.
     * (pg_ctl itself refuses to run as root.)
     */
    @Override
    public void stop(Process process) throws Exception {
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (!process.waitFor(35, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
