package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.testsupport.DebianPackages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console (admin-api's /console/, issue 18) in a real browser: Debian's headless chromium driven by
 * playwright-core (npm, pinned by src/test/console/package-lock.json, installed into target/console-node at test
 * time). A message to unreachable.test is left deferred first (QueueToolsE2ETest's delivery-service replica, whose
 * transport entry points at a closed port, so no DNS is asked); console_e2e.js then signs in as admin, operator and
 * viewer and works the pages (see its checks). Screenshots of every page: target/console-screenshots/.
 */
class ConsoleE2ETest {

    private static final Pattern QUEUED = Pattern.compile("QUEUED (\\S+)");
    private static final Path NODE_DIR = Path.of("target/console-node").toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots").toAbsolutePath();

    @BeforeAll
    static void start() throws Exception {
        DebianPackages.ensure("chromium", "nodejs");
        // Debian's nodejs has npm in a package of its own; NodeSource's nodejs (this machine) carries it and
        // conflicts with that package.
        if (!Files.isExecutable(Path.of("/usr/bin/npm"))) {
            DebianPackages.ensure("npm");
        }
        QueueToolsE2ETest.start();
        installPlaywright();
    }

    @AfterAll
    static void restore() throws Exception {
        // The test's deferred message must not stay queued: ChaosE2ETest waits for an empty queue.
        assertEquals(200, QueueToolsE2ETest.stack.admin("POST", "/api/v1/queue/actions/delete?domain=unreachable.test", null));
        QueueToolsE2ETest.restore();
    }

    /** npm ci from the committed lock file: the same playwright-core every run; no browser download (Debian's is used). */
    private static void installPlaywright() throws Exception {
        Files.createDirectories(NODE_DIR);
        for (String f : List.of("package.json", "package-lock.json", "console_e2e.js")) {
            Files.copy(Path.of("src/test/console", f), NODE_DIR.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        String out = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), Map.of(), 180);
        assertTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/playwright-core")), out);
    }

    /** Runs a command in target/console-node; its output goes to a file, so a stuck browser is bounded by the timeout. */
    private static String run(List<String> cmd, Map<String, String> env, int seconds) throws Exception {
        Path log = Files.createTempFile("console-e2e", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(NODE_DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            System.out.println("[" + String.join(" ", cmd) + "]\n" + out);
            assertTrue(done, String.join(" ", cmd) + " did not finish in " + seconds + " s:\n" + out);
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void signInAsEachRoleAndWorkThePages() throws Exception {
        String rcpt = "console-" + UUID.randomUUID().toString().substring(0, 8) + "@unreachable.test";
        Matcher m = QUEUED.matcher(SharedStack.python("queue_tools_e2e.py", QueueToolsE2ETest.env(), "send", rcpt));
        assertTrue(m.find());
        SharedStack.deleteTree(SCREENSHOTS);
        String out = run(List.of("node", "console_e2e.js"), Map.of(
                "ADMIN_URL", "http://127.0.0.1:" + QueueToolsE2ETest.stack.ports().adminHttp(),
                "ADMIN_TOKEN", QueueToolsE2ETest.stack.adminToken(),
                "QUEUE_ID", m.group(1),
                "SCREENSHOTS", SCREENSHOTS.toString()), 120);
        assertTrue(out.contains("PASS"), out);
        try (Stream<Path> shots = Files.list(SCREENSHOTS)) {
            assertEquals(22, shots.filter(p -> p.toString().endsWith(".png")).count(), "one screenshot per page and role");
        }
    }
}
