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
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The console's token requests to the provider's token endpoint (RFC 6749 section 4.1.3 with RFC 7636 section 4.5's
 * code_verifier; section 6 for refresh), made by admin-api so the page needs no cross-origin call and a confidential
 * client's secret never reaches the browser.
 */
@ApplicationScoped
public class OidcTokenEndpoint {

    /** What the page keeps: the access token is its bearer token; the ID token only serves as logout hint. */
    public record Tokens(String accessToken, long expiresIn, String refreshToken, String idToken) {
    }

    private static final Logger LOG = Logger.getLogger(OidcTokenEndpoint.class);

    private final OidcProviderMetadata provider;
    private final AdminConfig.Console.Oidc config;
    private final ObjectMapper json;

    @Inject
    public OidcTokenEndpoint(OidcProviderMetadata provider, ObjectMapper json) {
        this.provider = provider;
        this.config = provider.config();
        this.json = json;
    }

    public Tokens exchange(String code, String codeVerifier, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        return request(form, "the authorization code");
    }

    public Tokens refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return request(form, "the refresh token");
    }

    /**
     * RFC 7009: the refresh token (and with it, at most providers, the grant's access tokens) is revoked at sign-out.
     * False when the provider has no revocation endpoint. Section 2.2: an unknown or already revoked token is a 200 too.
     */
    public boolean revoke(String refreshToken) {
        String endpoint = provider.endpoints().revocation();
        if (endpoint == null) {
            return false;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", refreshToken);
        form.put("token_type_hint", "refresh_token");
        LimitedBody.Answer answer = post(endpoint, form, "its revocation endpoint");
        if (answer.status() != 200) {
            throw OidcProviderMetadata.unavailable("its revocation endpoint answered HTTP " + answer.status());
        }
        return true;
    }

    private Tokens request(Map<String, String> form, String what) {
        String clientId = config.clientId().orElseThrow();
        LimitedBody.Answer answer = post(provider.endpoints().token(), form, "its token endpoint");
        JsonNode doc;
        try {
            doc = json.readTree(answer.body());
        } catch (IOException e) {
            throw OidcProviderMetadata.unavailable("its token endpoint could not be read: HTTP " + answer.status() + ", not JSON");
        }
        // Section 5.1: token_type is required; only a Bearer token can be sent as one (not a DPoP-bound token).
        if (answer.status() == 200 && doc.path("access_token").isTextual() && "bearer".equalsIgnoreCase(doc.path("token_type").asText())) {
            return new Tokens(doc.path("access_token").asText(), doc.path("expires_in").asLong(0),
                    text(doc, "refresh_token"), text(doc, "id_token"));
        }
        if ((answer.status() == 400 || answer.status() == 401) && doc.path("error").isTextual()) {
            // Section 5.2: the provider's error code (invalid_grant: expired, used or foreign code) for the operator.
            String description = printable(doc.path("error_description").asText(""));
            String error = printable(doc.path("error").asText());
            if (error.equals("invalid_client") || error.equals("unauthorized_client")) {
                // the console's client is misconfigured (id, secret, grant types): no operator can sign in until fixed
                LOG.warnf("console sign-in: the provider refused the client %s: %s %s", clientId, error, description);
            } else {
                LOG.debugf("token endpoint refused %s: %s %s", what, error, description);
            }
            throw new ProblemException(Problem.of("oidc-sign-in-refused", "Sign-in refused", 400,
                    "the OIDC provider refused " + what + ": " + error + (description.isEmpty() ? "" : " (" + description + ")")));
        }
        throw OidcProviderMetadata.unavailable("its token endpoint answered HTTP " + answer.status() + " without a Bearer token");
    }

    /** A form POST with the client's authentication (RFC 6749 section 2.3.1 / 3.2.1), through the bounded exchange. */
    private LimitedBody.Answer post(String endpoint, Map<String, String> form, String what) {
        String clientId = config.clientId().orElseThrow();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (config.clientSecret().isPresent()) {
            // RFC 6749 section 2.3.1: id and secret form-urlencoded first, then Basic.
            String pair = urlencode(clientId) + ":" + urlencode(config.clientSecret().get());
            req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", clientId); // a public client (section 3.2.1)
        }
        String body = form.entrySet().stream().map(e -> urlencode(e.getKey()) + "=" + urlencode(e.getValue())).collect(Collectors.joining("&"));
        return provider.exchange(req.POST(HttpRequest.BodyPublishers.ofString(body)).build(), what);
    }

    private static String text(JsonNode doc, String field) {
        return doc.path(field).isTextual() ? doc.path(field).asText() : null;
    }

    private static String printable(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }

    private static String urlencode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
