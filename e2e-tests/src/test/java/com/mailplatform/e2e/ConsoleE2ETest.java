package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.DebianPackages;
import com.mailplatform.testsupport.Dnsmasq;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * viewer and works the pages (see its checks). Screenshots of every page: target/console-screenshots/. For the DKIM
 * record check and the dashboard's last hour, admin-api runs as a replica asking the test's dnsmasq, and the test makes
 * an SMTP reject.
 */
class ConsoleE2ETest {

    private static final Pattern QUEUED = Pattern.compile("QUEUED (\\S+)");
    static final Path NODE_DIR = Path.of("target/console-node").toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots").toAbsolutePath();

    @BeforeAll
    static void start() throws Exception {
        ensureBrowserAndNode();
        QueueToolsE2ETest.start();
        publishDkimAndRestartAdmin();
        installNodeModules();
    }

    static void ensureBrowserAndNode() throws Exception {
        DebianPackages.ensure("chromium", "nodejs");
        // Debian's nodejs has npm in a package of its own; NodeSource's nodejs (this machine) carries it and
        // conflicts with that package.
        if (!Files.isExecutable(Path.of("/usr/bin/npm"))) {
            DebianPackages.ensure("npm");
        }
    }

    @AfterAll
    static void restore() throws Exception {
        LocalStack stack = QueueToolsE2ETest.stack;
        if (adminReplica != null) {
            stack.stopService(adminReplica);
            stack.startService("admin-api");
            stack.awaitReady("admin-api");
        }
        if (dns != null) {
            dns.close();
        }
        // The test's deferred message must not stay queued: ChaosE2ETest waits for an empty queue.
        assertEquals(200, QueueToolsE2ETest.stack.admin("POST", "/api/v1/queue/actions/delete?domain=unreachable.test", null));
        QueueToolsE2ETest.restore();
    }

    static final String DKIM_DOMAIN = "dkim-console.test";
    private static final Pattern TXT = Pattern.compile("\"txtRecord\":\"([^\"]+)\"");
    private static Dnsmasq dns;
    private static String adminReplica;

    /**
     * console2: a key of DKIM_DOMAIN (selector "pub") whose record dnsmasq publishes, and admin-api restarted to ask
     * that dnsmasq (never the machine's resolver); other .test names are NXDOMAIN there. The restart also starts
     * admin-api's metrics history afresh, so what this test does is what the dashboard's last hour counts.
     */
    private static void publishDkimAndRestartAdmin() throws Exception {
        LocalStack stack = QueueToolsE2ETest.stack;
        String base = "http://127.0.0.1:" + stack.ports().adminHttp() + "/api/v1";
        post(base + "/domains", "{\"name\":\"" + DKIM_DOMAIN + "\"}");
        HttpResponse<String> key = post(base + "/domains/" + DKIM_DOMAIN + "/dkim-keys", "{\"algorithm\":\"ed25519-sha256\",\"selector\":\"pub\"}");
        Matcher m = TXT.matcher(key.body());
        assertTrue(key.statusCode() == 201 && m.find(), key.statusCode() + " " + key.body());
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        dns = new Dnsmasq(port).authoritative("test").txt("pub._domainkey." + DKIM_DOMAIN, m.group(1))
                .start(stack.dataDir().resolve("console-dnsmasq.log"));
        stack.stopService("admin-api");
        adminReplica = stack.startReplica("admin-api", 0, Map.of("admin.resolvers", "127.0.0.1:" + port, "admin.dns-timeout", "3s"));
        stack.awaitReady(adminReplica);
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + QueueToolsE2ETest.stack.adminToken())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An SMTP command out of sequence (RCPT before MAIL, RFC 5321 section 4.1.4): smtp-ingress answers 503, a reject it counts. */
    private static void smtpReject() throws Exception {
        try (Socket s = new Socket("127.0.0.1", QueueToolsE2ETest.stack.ports().smtp())) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertTrue(in.readLine().startsWith("220"));
            out.write("RCPT TO:<nobody@example.test>\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = in.readLine();
            assertTrue(reply.startsWith("5"), reply);
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Until admin-api's last-hour numbers show the deferred delivery and the reject (the services count asynchronously). */
    private static void awaitStats() throws Exception {
        String url = "http://127.0.0.1:" + QueueToolsE2ETest.stack.ports().adminHttp() + "/api/v1/stats/last-hour";
        String body = "";
        for (int i = 0; i < 60; i++) {
            body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + QueueToolsE2ETest.stack.adminToken()).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (body.matches(".*\"deferred\":[1-9].*") && body.matches(".*\"rejects\":[1-9].*")) {
                return;
            }
            Thread.sleep(500); // polling a running platform; nothing to inject a clock into
        }
        throw new AssertionError("last-hour stats never showed the deferred delivery and the reject: " + body);
    }

    /**
     * npm ci from the committed lock file: the same playwright-core and oidc-provider every run; no browser download
     * (Debian's is used). The scripts of src/test/console are copied beside them.
     */
    static synchronized void installNodeModules() throws Exception {
        Files.createDirectories(NODE_DIR);
        try (Stream<Path> files = Files.list(Path.of("src/test/console"))) {
            for (Path f : files.toList()) {
                Files.copy(f, NODE_DIR.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (nodeModulesInstalled) {
            return; // by the other console test in this JVM
        }
        String out = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), Map.of(), 180);
        assertTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/playwright-core")), out);
        assertTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/oidc-provider")), out);
        nodeModulesInstalled = true;
    }

    private static boolean nodeModulesInstalled;

    /** Runs a command in target/console-node; its output goes to a file, so a stuck browser is bounded by the timeout. */
    static String run(List<String> cmd, Map<String, String> env, int seconds) throws Exception {
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
        smtpReject();
        awaitStats();
        SharedStack.deleteTree(SCREENSHOTS);
        String out = run(List.of("node", "console_e2e.js"), Map.of(
                "ADMIN_URL", "http://127.0.0.1:" + QueueToolsE2ETest.stack.ports().adminHttp(),
                "ADMIN_TOKEN", QueueToolsE2ETest.stack.adminToken(),
                "QUEUE_ID", m.group(1),
                "DKIM_DOMAIN", DKIM_DOMAIN,
                "SCREENSHOTS", SCREENSHOTS.toString()), 120);
        assertTrue(out.contains("PASS"), out);
        try (Stream<Path> shots = Files.list(SCREENSHOTS)) {
            assertEquals(22, shots.filter(p -> p.toString().endsWith(".png")).count(), "one screenshot per page and role");
        }
    }
}
