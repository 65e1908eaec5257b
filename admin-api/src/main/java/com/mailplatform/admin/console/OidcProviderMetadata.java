package com.mailplatform.admin.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailplatform.admin.AdminConfig;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The endpoints of the OIDC provider that admin-api trusts ({@code quarkus.oidc.auth-server-url}), read from its
 * discovery document (OpenID Connect Discovery 1.0 section 4) and kept for {@link #TTL}; a failed read is answered
 * again for {@link #FAILURE_TTL} without asking, then the provider is asked again. Every request to the provider
 * goes through {@link #exchange}.
 */
@ApplicationScoped
public class OidcProviderMetadata {

    public record Endpoints(String issuer, String authorization, String token, String endSession, String revocation,
                            boolean issParameterSupported) {
    }

    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration FAILURE_TTL = Duration.ofSeconds(30);
    static final int MAX_IN_FLIGHT = 16;
    private static final Logger LOG = Logger.getLogger(OidcProviderMetadata.class);

    private final Optional<String> authServerUrl;
    private final AdminConfig.Console.Oidc config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Clock clock;
    /** The last read: its endpoints or its failure, and when; one volatile, so the two are never seen apart. */
    private record Read(Endpoints endpoints, ProblemException failure, Instant at) {
        boolean fresh(Instant now) {
            return now.isBefore(at.plus(endpoints != null ? TTL : FAILURE_TTL));
        }
    }

    private volatile Read last;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    @Inject
    public OidcProviderMetadata(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> authServerUrl,
                                AdminConfig config, ObjectMapper json) {
        this(authServerUrl, config.console().oidc(), json, Clock.systemUTC());
    }

    OidcProviderMetadata(Optional<String> authServerUrl, AdminConfig.Console.Oidc config, ObjectMapper json, Clock clock) {
        this.authServerUrl = authServerUrl;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    AdminConfig.Console.Oidc config() {
        return config;
    }

    /** Whether the console offers OIDC sign-in: a provider and a client id are configured. */
    public boolean configured() {
        return authServerUrl.isPresent() && config.clientId().isPresent();
    }

    /** The provider's endpoints; a 503 problem when the provider cannot be read. */
    public Endpoints endpoints() {
        Read r = last;
        if (r == null || !r.fresh(clock.instant())) {
            r = reread();
        }
        if (r.failure() != null) {
            throw r.failure(); // the sign-in endpoints are open: anyone calling them must not make admin-api ask a dead provider each time
        }
        return r.endpoints();
    }

    private synchronized Read reread() { // one read at a time; the others take its result
        Instant now = clock.instant();
        Read r = last;
        if (r != null && r.fresh(now)) {
            return r;
        }
        try {
            r = new Read(read(), null, now);
        } catch (ProblemException problem) {
            LOG.warnf("console sign-in: %s (asked again in %d s)", problem.problem().detail(), FAILURE_TTL.toSeconds());
            r = new Read(null, problem, now);
        }
        last = r;
        return r;
    }

    /**
     * One request to the provider, bounded in time (the whole exchange), size and number at once: the sign-in
     * endpoints are open, so a slow provider must not take every worker thread of the API. Any failure to get an
     * answer is a 503 problem naming {@code what} was asked.
     */
    LimitedBody.Answer exchange(HttpRequest request, String what) {
        if (!inFlight.tryAcquire()) {
            throw unavailable("too many sign-ins under way at once (" + MAX_IN_FLIGHT + ")");
        }
        try {
            return LimitedBody.send(http, request, config.timeout());
        } catch (IOException e) {
            throw unavailable(what + " could not be read: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        } finally {
            inFlight.release();
        }
    }

    private Endpoints read() {
        String issuer = trimSlash(authServerUrl.orElseThrow());
        URI uri = URI.create(issuer + "/.well-known/openid-configuration");
        LimitedBody.Answer answer = exchange(HttpRequest.newBuilder(uri).header("Accept", "application/json").GET().build(),
                "its discovery document " + uri);
        if (answer.status() != 200) {
            throw unavailable("its discovery document " + uri + " answered HTTP " + answer.status());
        }
        JsonNode doc;
        try {
            doc = json.readTree(answer.body());
        } catch (IOException e) {
            throw unavailable("its discovery document " + uri + " could not be read: " + e.getMessage());
        }
        // Discovery section 4.3: the issuer in the document must be the one it was fetched for (no mix-up).
        if (!issuer.equals(trimSlash(doc.path("issuer").asText()))) {
            throw unavailable("its discovery document names issuer '" + doc.path("issuer").asText() + "', not " + issuer);
        }
        String authorization = url(doc, "authorization_endpoint", uri);
        String token = url(doc, "token_endpoint", uri);
        String endSession = doc.hasNonNull("end_session_endpoint") ? url(doc, "end_session_endpoint", uri) : null;
        String revocation = doc.hasNonNull("revocation_endpoint") ? url(doc, "revocation_endpoint", uri) : null;
        return new Endpoints(doc.path("issuer").asText(), authorization, token, endSession, revocation,
                doc.path("authorization_response_iss_parameter_supported").asBoolean(false));
    }

    /** An absolute https URL; http only to a loopback address (a provider on the same host, as in tests). */
    private static String url(JsonNode doc, String field, URI from) {
        String v = doc.path(field).asText("");
        try {
            URI u = URI.create(v);
            if (u.isAbsolute() && u.getHost() != null && ("https".equals(u.getScheme()) || "http".equals(u.getScheme()) && loopback(u.getHost()))) {
                return v;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw unavailable("its discovery document " + from + " has no usable " + field + " (an https URL)");
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    static ProblemException unavailable(String why) {
        return new ProblemException(Problem.of("oidc-provider-unavailable", "OIDC provider unavailable", 503,
                "the OIDC provider cannot be used for sign-in: " + why));
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
