package com.mailplatform.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A real remote MTA for tests: Postfix's smtp-sink (Debian package postfix) on a loopback address and port,
 * capturing every mail transaction to a dump file. Options make it misbehave as the test needs: {@code -r RCPT}
 * answers 4xx, {@code -f RCPT} 5xx, {@code -q .} drops the connection after the data, {@code -w 3} is slow.
 */
public final class SmtpSink implements AutoCloseable {

    /** One captured transaction: the envelope and the message as received. */
    public record Transaction(String mailFrom, List<String> recipients, String message) {
    }

    private final String address;
    private final int port;
    private final Path dump;
    private Process process;

    private SmtpSink(String address, int port, Path dump) {
        this.address = address;
        this.port = port;
        this.dump = dump;
    }

    /**
     * Installs postfix for its smtp-sink without letting Debian configure or start a Postfix daemon (which would
     * take port 25): the debconf answer "No configuration" leaves no main.cf, so nothing starts.
     */
    public static synchronized void ensureInstalled() {
        try {
            Process p = new ProcessBuilder("debconf-set-selections").redirectErrorStream(true).start();
            p.getOutputStream().write("postfix postfix/main_mailer_type select No configuration\n".getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException e) {
            // Without debconf the package still installs; a started daemon is stopped below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DebianPackages.ensure("postfix");
        try {
            new ProcessBuilder("postfix", "stop").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            // not running
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts smtp-sink on address:port with extra options; the dump goes to {@code dir}. */
    public static SmtpSink start(String address, int port, Path dir, String... options) throws IOException, InterruptedException {
        ensureInstalled();
        Files.createDirectories(dir);
        // smtp-sink drops root privileges to the postfix user, which must be able to write the dump.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path dump = dir.resolve("sink-" + address + "-" + port + ".dump");
        SmtpSink sink = new SmtpSink(address, port, dump);
        List<String> cmd = new ArrayList<>(List.of("smtp-sink", "-u", "postfix", "-D", dump.toString()));
        cmd.addAll(List.of(options));
        cmd.add(address + ":" + port);
        cmd.add("64");
        sink.process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sink-" + address + ".log").toFile())).start();
        Process started = sink.process;
        // A test JVM that dies without closing must not leave a listener on port 25 behind.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
        sink.awaitListening();
        return sink;
    }

    private void awaitListening() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("smtp-sink on " + address + ":" + port + " exited with " + process.exitValue());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("smtp-sink does not listen on " + address + ":" + port);
    }

    /** Every transaction captured so far (the dump file survives restarts of the sink on the same address). */
    public List<Transaction> transactions() throws IOException {
        return parse(dump);
    }

    public static List<Transaction> parse(Path dump) throws IOException {
        List<Transaction> out = new ArrayList<>();
        if (!Files.exists(dump)) {
            return out;
        }
        String all = Files.readString(dump, StandardCharsets.ISO_8859_1);
        for (String part : all.split("(?m)^(?=X-Client-Addr: )")) {
            if (!part.startsWith("X-Client-Addr: ")) {
                continue;
            }
            String from = "";
            List<String> rcpts = new ArrayList<>();
            for (String line : part.split("\r?\n")) {
                if (line.startsWith("X-Mail-Args: ")) {
                    from = between(line);
                } else if (line.startsWith("X-Rcpt-Args: ")) {
                    rcpts.add(between(line));
                } else if (!line.startsWith("X-")) {
                    break;
                }
            }
            out.add(new Transaction(from, rcpts, part));
        }
        return out;
    }

    private static String between(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>', lt + 1);
        return lt < 0 || gt < 0 ? "" : line.substring(lt + 1, gt);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
            process = null;
        }
    }
}
