package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.Daemons;
import com.mailplatform.testsupport.SharedInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's sign-in with the OIDC provider in production (issue 18), with a real provider: panva's oidc-provider
 * (npm, OpenID Certified; oidc_provider.mjs) on a local port, and an admin-api replica beside the stack's own that trusts
 * it ({@code quarkus.oidc.auth-server-url}) and knows the console's client ({@code admin.console.oidc.client-id}).
 * console_oidc_e2e.js signs in through the provider's login form as admin, operator and viewer (see its checks).
 * Screenshots: target/console-oidc-screenshots/.
 */
class ConsoleOidcE2ETest {

    static final String CLIENT_ID = "mail-console";
    static final String RESOURCE = "urn:mailplatform:admin-api";
    /** The replica's HTTP port is admin-api's plus this: clear of the other services' ports and the other tests' shifts. */
    static final int OIDC_SHIFT = 410;
    /** The second replica, whose console is a confidential client (client secret, no refresh token in the page). */
    static final int CONFIDENTIAL_SHIFT = 420;
    static final String CONFIDENTIAL_CLIENT_ID = "mail-console-confidential";
    // the e2e provider's own test secret, made up for this run: ':' and '%' check client_secret_basic's form-encoding
    static final String CONFIDENTIAL_SECRET = "e2e:" + java.util.UUID.randomUUID() + "%";
    private static final Path SCREENSHOTS = Path.of("target/console-oidc-screenshots").toAbsolutePath();

    private static LocalStack stack;
    private static Process provider;
    private static String replica;
    private static String confidentialReplica;
    private static String issuer;
    private static int adminPort;

    @BeforeAll
    static void start() throws Exception {
        ConsoleE2ETest.ensureBrowserAndNode();
        stack = SharedStack.get();
        ConsoleE2ETest.installNodeModules();
        int port = SharedInfra.freePort();
        issuer = "http://127.0.0.1:" + port;
        adminPort = stack.ports().adminHttp() + OIDC_SHIFT;
        startProvider(port, "http://127.0.0.1:" + adminPort + "/console/",
                "http://127.0.0.1:" + (stack.ports().adminHttp() + CONFIDENTIAL_SHIFT) + "/console/");
        replica = stack.startReplica("admin-api", OIDC_SHIFT, oidcReplica(Map.of("admin.console.oidc.client-id", CLIENT_ID)));
        confidentialReplica = stack.startReplica("admin-api", CONFIDENTIAL_SHIFT, oidcReplica(Map.of(
                "admin.console.oidc.client-id", CONFIDENTIAL_CLIENT_ID, "admin.console.oidc.client-secret", CONFIDENTIAL_SECRET)));
        stack.awaitReady(replica);
        stack.awaitReady(confidentialReplica);
    }

    private static Map<String, String> oidcReplica(Map<String, String> client) {
        Map<String, String> o = new java.util.HashMap<>(client);
        o.put("quarkus.oidc.auth-server-url", issuer);
        // the stack's own issuer is not trusted by these replicas (empty = unset)
        o.put("quarkus.oidc.public-key", "");
        o.put("quarkus.oidc.token.issuer", "");
        o.put("admin.console.oidc.scope", "openid mail-admin");
        return o;
    }

    private static void startProvider(int port, String redirectUri, String confidentialRedirectUri) throws Exception {
        Path log = Path.of("target", "oidc-provider.log").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("node", "oidc_provider.mjs").directory(ConsoleE2ETest.NODE_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(Map.of("OIDC_PORT", String.valueOf(port), "OIDC_CLIENT_ID", CLIENT_ID,
                "OIDC_REDIRECT_URI", redirectUri, "OIDC_RESOURCE", RESOURCE,
                "OIDC_CONFIDENTIAL_CLIENT_ID", CONFIDENTIAL_CLIENT_ID, "OIDC_CONFIDENTIAL_CLIENT_SECRET", CONFIDENTIAL_SECRET,
                "OIDC_CONFIDENTIAL_REDIRECT_URI", confidentialRedirectUri));
        provider = pb.start();
        Daemons.awaitListening(provider, port, Duration.ofSeconds(30), log);
    }

    @AfterAll
    static void stop() throws Exception {
        if (replica != null) {
            stack.stopService(replica);
        }
        if (confidentialReplica != null) {
            stack.stopService(confidentialReplica);
        }
        if (provider != null) {
            Daemons.stop(provider);
        }
    }

    @Test
    void signInThroughTheProviderAsEachRole() throws Exception {
        SharedStack.deleteTree(SCREENSHOTS);
        String out = ConsoleE2ETest.run(java.util.List.of("node", "console_oidc_e2e.js"), Map.of(
                "ADMIN_URL", "http://127.0.0.1:" + adminPort,
                "CONFIDENTIAL_ADMIN_URL", "http://127.0.0.1:" + (stack.ports().adminHttp() + CONFIDENTIAL_SHIFT),
                "ISSUER", issuer,
                "ADMIN_TOKEN", stack.adminToken(),
                "SCREENSHOTS", SCREENSHOTS.toString()), 120);
        assertTrue(out.contains("PASS"), out);
        try (Stream<Path> shots = Files.list(SCREENSHOTS)) {
            assertEquals(11, shots.filter(p -> p.toString().endsWith(".png")).count(), "one screenshot per step");
        }
    }
}
