package com.mailplatform.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailplatform.admin.AdminConfig;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.testsupport.TestClock;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Discovery and the token requests against a provider that answers what each test tells it: the misbehaviours
 * (wrong issuer, errors, oversized or non-JSON answers) that the real provider of ConsoleOidcE2ETest never shows.
 * Every failure must be a problem (400 for the provider's refusal, 503 for an unusable provider), never a crash.
 */
class OidcProviderTest {

    record Oidc(Optional<String> clientId, Optional<String> clientSecret, String scope, Optional<String> redirectUri,
                Map<String, String> extraParams, Duration timeout) implements AdminConfig.Console.Oidc {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private String issuer;
    private volatile Function<HttpExchange, String[]> discovery; // {status, body}
    private volatile Function<HttpExchange, String[]> token;
    private volatile Function<HttpExchange, String[]> revocation = x -> new String[] {"200", ""};
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger discoveryReads = new AtomicInteger();
    private final TestClock clock = new TestClock();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/mail";
        discovery = x -> new String[] {"200", discoveryDoc(issuer)};
        server.createContext("/realms/mail/.well-known/openid-configuration", x -> {
            discoveryReads.incrementAndGet();
            answer(x, discovery.apply(x));
        });
        server.createContext("/realms/mail/revoke", x -> {
            tokenRequests.add("revoke " + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(x, revocation.apply(x));
        });
        server.createContext("/realms/mail/token", x -> {
            tokenRequests.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            answer(x, token.apply(x));
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String discoveryDoc(String iss) {
        return "{\"issuer\":\"" + iss + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"" + issuer
                + "/token\",\"end_session_endpoint\":\"" + issuer + "/logout\",\"revocation_endpoint\":\"" + issuer + "/revoke\"}";
    }

    private static void answer(HttpExchange x, String[] statusAndBody) throws IOException {
        byte[] b = statusAndBody[1].getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(Integer.parseInt(statusAndBody[0]), b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private OidcProviderMetadata metadata(Optional<String> secret) {
        Oidc config = new Oidc(Optional.of("mail-console"), secret, "openid", Optional.empty(), Map.of(), Duration.ofSeconds(2));
        return new OidcProviderMetadata(Optional.of(issuer), config, JSON, clock);
    }

    private static ProblemException problem(int status, String inDetail, Runnable call) {
        ProblemException e = assertThrows(ProblemException.class, call::run);
        assertEquals(status, e.problem().status(), e.problem().detail());
        assertTrue(e.problem().detail().contains(inDetail), e.problem().detail());
        return e;
    }

    @Test
    void discoveryIsReadOnceForItsLifetimeAndAgainAfter() {
        OidcProviderMetadata m = metadata(Optional.empty());
        OidcProviderMetadata.Endpoints e = m.endpoints();
        assertEquals(issuer + "/auth", e.authorization());
        assertEquals(issuer + "/token", e.token());
        assertEquals(issuer + "/logout", e.endSession());
        m.endpoints();
        assertEquals(1, discoveryReads.get());
        clock.advance(OidcProviderMetadata.TTL.plusSeconds(1));
        m.endpoints();
        assertEquals(2, discoveryReads.get());
    }

    @Test
    void anUnusableDiscoveryDocumentIsA503RememberedBriefly() {
        OidcProviderMetadata m = metadata(Optional.empty());
        String[][] bad = {
            {"200", discoveryDoc("https://attacker.example"), "names issuer 'https://attacker.example'"}, // Discovery section 4.3
            {"500", "<html>oops</html>", "answered HTTP 500"},
            {"200", "<html>not json</html>", "could not be read"},
            {"200", "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"javascript:alert(1)\",\"token_endpoint\":\"x\"}",
                "no usable authorization_endpoint"},
            {"200", "{\"pad\":\"" + "x".repeat(LimitedBody.MAX) + "\"}", "more than " + LimitedBody.MAX + " bytes"},
            {"200", "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"http://idp.example/token\"}",
                "no usable token_endpoint (an https URL)"}, // codes and secrets would travel in clear
        };
        for (String[] b : bad) {
            discovery = x -> new String[] {b[0], b[1]};
            int reads = discoveryReads.get();
            problem(503, b[2], m::endpoints);
            problem(503, b[2], m::endpoints); // the same answer again, without asking the provider
            assertEquals(reads + 1, discoveryReads.get());
            clock.advance(OidcProviderMetadata.FAILURE_TTL.plusSeconds(1));
        }
        discovery = x -> new String[] {"200", discoveryDoc(issuer)};
        assertEquals(issuer + "/token", m.endpoints().token());
    }

    /** The request's own timeout ends with the headers (JDK-8258397): the deadline covers the body too. */
    @Test
    void aProviderStallingInTheBodyIsCutOffAtTheDeadline() {
        String stalled = "http://127.0.0.1:" + server.getAddress().getPort() + "/stalled";
        server.createContext("/stalled/.well-known/openid-configuration", x -> {
            x.sendResponseHeaders(200, 1000);
            x.getResponseBody().write("{\"issuer\":".getBytes(StandardCharsets.UTF_8));
            x.getResponseBody().flush();
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.close();
        });
        Oidc config = new Oidc(Optional.of("mail-console"), Optional.empty(), "openid", Optional.empty(), Map.of(), Duration.ofMillis(500));
        OidcProviderMetadata m = new OidcProviderMetadata(Optional.of(stalled), config, JSON, clock);
        long start = System.nanoTime();
        problem(503, "no complete answer within 500 ms", m::endpoints);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "cut off near the deadline, not after the stall");
    }

    @Test
    void aProviderThatIsDownIsA503() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Oidc config = new Oidc(Optional.of("mail-console"), Optional.empty(), "openid", Optional.empty(), Map.of(), Duration.ofSeconds(2));
        OidcProviderMetadata m = new OidcProviderMetadata(Optional.of("http://127.0.0.1:" + closed), config, JSON, Clock.systemUTC());
        problem(503, "could not be read", m::endpoints);
    }

    @Test
    void aPublicClientSendsItsIdAndTheVerifier() {
        token = x -> new String[] {"200", "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,\"refresh_token\":\"rt\",\"id_token\":\"it\"}"};
        OidcTokenEndpoint endpoint = new OidcTokenEndpoint(metadata(Optional.empty()), JSON);
        OidcTokenEndpoint.Tokens t = endpoint.exchange("the-code", "v".repeat(43), "https://admin.example.org/console/");
        assertEquals(new OidcTokenEndpoint.Tokens("at", 300, "rt", "it"), t);
        assertEquals("grant_type=authorization_code&code=the-code&redirect_uri=https%3A%2F%2Fadmin.example.org%2Fconsole%2F&code_verifier="
                + "v".repeat(43) + "&client_id=mail-console", tokenRequests.get(0));
        assertEquals("null", authorizations.get(0));
        endpoint.refresh("rt");
        assertEquals("grant_type=refresh_token&refresh_token=rt&client_id=mail-console", tokenRequests.get(1));
    }

    @Test
    void aConfidentialClientAuthenticatesWithBasic() {
        token = x -> new String[] {"200", "{\"access_token\":\"at\",\"token_type\":\"bearer\",\"expires_in\":300}"};
        OidcTokenEndpoint endpoint = new OidcTokenEndpoint(metadata(Optional.of("s3cr:t%")), JSON);
        OidcTokenEndpoint.Tokens t = endpoint.refresh("rt");
        assertNull(t.refreshToken());
        assertEquals("grant_type=refresh_token&refresh_token=rt", tokenRequests.get(0)); // no client_id beside Basic
        // RFC 6749 section 2.3.1: form-urlencoded before Basic.
        assertEquals("Basic " + Base64.getEncoder().encodeToString("mail-console:s3cr%3At%25".getBytes(StandardCharsets.UTF_8)), authorizations.get(0));
    }

    /** RFC 7009 section 2.1: token and hint with the client's authentication; section 2.2: any 200 is done. */
    @Test
    void signOutRevokesTheRefreshToken() {
        OidcTokenEndpoint endpoint = new OidcTokenEndpoint(metadata(Optional.empty()), JSON);
        assertTrue(endpoint.revoke("rt-1"));
        assertEquals("revoke token=rt-1&token_type_hint=refresh_token&client_id=mail-console", tokenRequests.get(0));
        revocation = x -> new String[] {"503", "{\"error\":\"temporarily_unavailable\"}"};
        problem(503, "revocation endpoint answered HTTP 503", () -> endpoint.revoke("rt-1"));
        discovery = x -> new String[] {"200", "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\""
                + issuer + "/token\"}"};
        OidcTokenEndpoint without = new OidcTokenEndpoint(metadata(Optional.empty()), JSON);
        assertFalse(without.revoke("rt-1"), "a provider without a revocation endpoint: nothing to do");
    }

    @Test
    void theProvidersRefusalIsA400AndAnythingElseA503() {
        OidcTokenEndpoint endpoint = new OidcTokenEndpoint(metadata(Optional.empty()), JSON);
        token = x -> new String[] {"400", "{\"error\":\"invalid_grant\",\"error_description\":\"code expired\\r\\n\"}"};
        ProblemException e = problem(400, "invalid_grant (code expired??)", () -> endpoint.exchange("c", "v".repeat(43), "https://a.example/console/"));
        assertEquals("urn:mailplatform:problem:oidc-sign-in-refused", e.problem().type());
        token = x -> new String[] {"401", "{\"error\":\"invalid_client\"}"};
        problem(400, "invalid_client", () -> endpoint.refresh("rt"));
        token = x -> new String[] {"502", "<html>bad gateway</html>"};
        problem(503, "could not be read", () -> endpoint.refresh("rt"));
        token = x -> new String[] {"200", "{\"token_type\":\"Bearer\"}"};
        problem(503, "without a Bearer token", () -> endpoint.refresh("rt"));
        // RFC 6749 section 5.1: a token that is not a Bearer token cannot be sent as one
        token = x -> new String[] {"200", "{\"access_token\":\"at\",\"token_type\":\"DPoP\"}"};
        problem(503, "without a Bearer token", () -> endpoint.refresh("rt"));
        token = x -> new String[] {"500", "{\"error\":\"server_error\"}"};
        problem(503, "HTTP 500", () -> endpoint.refresh("rt"));
    }
}
