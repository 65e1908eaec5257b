package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.DebianPackages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mail log is read by the tools operators already run, unchanged: Debian's fail2ban (stock filters
 * {@code postfix}, {@code postfix[mode=auth]} as the postfix-sasl jail uses it, {@code dovecot}) and pflogsumm, over
 * the services' own stdout (the local stack's logs/*.log, what {@code kubectl logs} gives on Kubernetes) after a
 * real session sequence: RCPT rejects, an SMTP AUTH failure, IMAP and POP3 login failures, a local delivery and a
 * bounce. And a clean start logs no warning.
 */
class MailLogE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A syslog-shaped mail-log line: RFC 3339 time, host, program[pid]: body. */
    private static final Pattern MAIL_LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+ \\S+ (postfix/\\S+|dovecot)\\[\\d+\\]: (.*)$");
    /** QueueIds' 19 characters (no vowels, so no word matches), a DSN's id has more. */
    private static final Pattern QUEUE_ID = Pattern.compile("^([0-9BCDFGHJ-NP-TV-Zbcdfghj-np-tv-z]{19}\\w*): ");

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        DebianPackages.ensure("fail2ban", "pflogsumm");
    }

    @Test
    void fail2banAndPflogsummReadTheMailLog() throws Exception {
        Map<Path, Long> marks = new HashMap<>();
        for (Path f : logFiles()) {
            marks.put(f, Files.size(f));
        }
        String out = SharedStack.python("maillog_e2e.py", Map.of("SUBMISSION_PORT", String.valueOf(stack.ports().submission())), "sequence");
        List<String> qids = new ArrayList<>();
        Matcher m = Pattern.compile("QUEUED (\\S+)").matcher(out);
        while (m.find()) {
            qids.add(m.group(1));
        }
        assertEquals(2, qids.size(), out);
        String local = qids.get(0);
        String bounced = qids.get(1);
        // the last lines of the sequence: the DSN (its queue id starts with the bounced one's) delivered and removed
        List<String> lines = await(marks, qids, l -> l.contains(" " + bounced) && !l.contains(" " + bounced + ":")
                && l.contains("status=sent") && l.contains("to=<" + SharedStack.USER + ">"), 1);
        await(marks, qids, l -> l.endsWith(": removed"), 3);
        lines = mailLines(marks, qids);
        Path log = stack.dataDir().resolve("maillog-e2e.log");
        Files.write(log, lines, StandardCharsets.UTF_8);
        System.out.println("mail log of the sequence:\n" + String.join("\n", lines));

        for (String expected : List.of(
                "connect from unknown[127.0.0.1]",
                "NOQUEUE: reject: RCPT from unknown[127.0.0.1]: 550 5.1.1 <nobody-",
                ": Relay access denied; from=<sender@outside.test> to=<someone@elsewhere-",
                "disconnect from unknown[127.0.0.1] ehlo=1 mail=1 rcpt=0/2 quit=1 commands=3/5",
                "warning: unknown[127.0.0.1]: SASL PLAIN authentication failed: ",
                local + ": client=unknown[127.0.0.1]",
                local + ": message-id=<maillog-",
                local + ": from=<sender@outside.test>, size=",
                local + ": to=<" + SharedStack.USER + ">, relay=local, ",
                local + ": removed",
                bounced + ": client=unknown[127.0.0.1], sasl_method=PLAIN, sasl_username=" + SharedStack.USER,
                "dsn=5.1.1, status=bounced",
                bounced + ": sender non-delivery notification: " + bounced,
                "imap-login: Disconnected: ",
                "pop3-login: Disconnected: ",
                "imap-login: Login: user=<" + SharedStack.USER + ">, method=PLAIN, rip=127.0.0.1, ",
                ">: Disconnected: Logged out in=")) {
            assertTrue(lines.stream().anyMatch(l -> l.contains(expected)), "a line with '" + expected + "'");
        }

        assertEquals(2, fail2ban(log, "postfix"), "RCPT rejects: unknown user and relay access denied");
        assertEquals(1, fail2ban(log, "postfix[mode=auth]"), "the SMTP AUTH failure (postfix-sasl jail)");
        assertEquals(2, fail2ban(log, "dovecot"), "the IMAP and POP3 login failures");

        String summary = run(List.of("pflogsumm", log.toString()));
        System.out.println(summary);
        assertEquals(2, total(summary, "received"), summary);
        assertEquals(2, total(summary, "delivered"), "the local message and the DSN: " + summary);
        assertEquals(1, total(summary, "bounced"), summary);
        assertEquals(2, total(summary, "rejected"), summary);
        assertEquals(0, total(summary, "deferred"), summary);
    }

    /**
     * Every service's first start (its log up to "started in") has no WARN/ERROR line and no SLF4J complaint, and the
     * broker's log no SLF4J complaint: an operator reads warnings as something to act on.
     */
    @Test
    void aCleanStartLogsNoWarning() throws Exception {
        for (String service : LocalStack.SERVICES) {
            Path f = logDir().resolve(service + ".log");
            List<String> start = new ArrayList<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                start.add(line);
                if (line.contains(" started in ")) {
                    break;
                }
            }
            List<String> bad = start.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.startsWith("SLF4J")).toList();
            assertEquals(List.of(), bad, service + " at start");
        }
        List<String> broker = Files.readAllLines(logDir().resolve(LocalStack.BROKER + ".log"), StandardCharsets.UTF_8);
        assertTrue(broker.stream().noneMatch(l -> l.startsWith("SLF4J")), "broker: " + broker.stream().limit(5).toList());
    }

    private static Path logDir() {
        return stack.dataDir().resolve("logs");
    }

    private static List<Path> logFiles() throws IOException {
        try (Stream<Path> s = Files.list(logDir())) {
            return s.filter(p -> p.toString().endsWith(".log")).toList();
        }
    }

    /**
     * The mail-log lines written since {@code marks}: session lines (connect, rejects, logins) and the lines of this
     * test's queue ids and their DSNs (whose ids start with the message's): retries of other tests' mail are left out.
     */
    private static List<String> mailLines(Map<Path, Long> marks, List<String> qids) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : logFiles()) {
            long from = marks.getOrDefault(f, 0L);
            byte[] bytes;
            try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
                bytes = new byte[(int) Math.max(0, r.length() - from)];
                r.seek(from);
                r.readFully(bytes);
            }
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                Matcher m = MAIL_LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                Matcher q = QUEUE_ID.matcher(m.group(2));
                if (!q.find() || qids.stream().anyMatch(q.group(1)::startsWith)) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    private static List<String> await(Map<Path, Long> marks, List<String> qids, Predicate<String> p, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<String> lines = mailLines(marks, qids);
            if (lines.stream().filter(p).count() >= count || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(250);
        }
    }

    private static int fail2ban(Path log, String filter) throws Exception {
        String out = run(List.of("fail2ban-regex", "--print-no-missed", log.toString(), filter));
        Matcher m = Pattern.compile("Lines: \\d+ lines, \\d+ ignored, (\\d+) matched").matcher(out);
        assertTrue(m.find(), out);
        System.out.println("fail2ban-regex " + filter + ": " + m.group());
        return Integer.parseInt(m.group(1));
    }

    /** A number of pflogsumm's "Grand Totals", e.g. "      2   received". */
    private static int total(String summary, String what) {
        Matcher m = Pattern.compile("(?m)^\\s*(\\d+)\\s+" + what + "\\b").matcher(summary);
        assertTrue(m.find(), what + " in " + summary);
        return Integer.parseInt(m.group(1));
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }
}
