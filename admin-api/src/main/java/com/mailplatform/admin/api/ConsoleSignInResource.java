package com.mailplatform.admin.api;

import com.mailplatform.admin.AdminConfig;
import com.mailplatform.admin.console.OidcProviderMetadata;
import com.mailplatform.admin.console.OidcTokenEndpoint;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.security.LocalTokenIssuer;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The console's sign-in before it holds a token, hence open to anyone (BearerTokenFilter lets exactly these paths
 * through): how to sign in, and the OIDC authorization code exchanged for tokens (admin-api as token-mediating
 * backend; the page did the redirect with PKCE and checks state, RFC 6749 section 10.12). Nothing here grants
 * access by itself: the tokens come from the provider, and every other call checks them as usual.
 */
@Path("/api/v1/console")
@Tag(name = "auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "503", description = "The OIDC provider could not be used",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ConsoleSignInResource {

    /** Paths BearerTokenFilter serves without a token. */
    public static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/console/sign-in", "/api/v1/console/oidc/token", "/api/v1/console/oidc/refresh",
            "/api/v1/console/oidc/revoke");

    /** RFC 7636 section 4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    /** RFC 6749 Appendix A.11 and A.17: code and refresh token are 1*VSCHAR; bounded here. */
    private static final Pattern VSCHARS = Pattern.compile("[\\x20-\\x7e]{1,4096}");

    @Schema(name = "ConsoleOidc")
    public record OidcOptions(String issuer, String authorizationEndpoint,
                              @Schema(description = "RP-initiated logout (absent if the provider has none)") String endSessionEndpoint,
                              @Schema(description = "RFC 9207: the provider names itself in its answers (iss)") boolean issParameterSupported,
                              String clientId, String scope,
                              @Schema(description = "Absent: the console's own address") String redirectUri,
                              Map<String, String> extraParams) {
    }

    @Schema(name = "ConsoleSignIn")
    public record SignInOptions(@Schema(description = "Absent when the console signs in by pasted token only") OidcOptions oidc,
                                @Schema(description = "Why OIDC sign-in is configured but unusable right now") String oidcError,
                                @Schema(description = "Whether the local stack's token issuer runs here") boolean tokenIssuer) {
    }

    @Schema(name = "ConsoleCodeExchange")
    public record CodeExchange(@Schema(required = true) String code, @Schema(required = true) String codeVerifier,
                               @Schema(required = true) String redirectUri) {
    }

    @Schema(name = "ConsoleRefresh")
    public record Refresh(@Schema(required = true) String refreshToken) {
    }

    @Inject
    AdminConfig config;

    @Inject
    OidcProviderMetadata provider;

    @Inject
    OidcTokenEndpoint tokens;

    @Inject
    LocalTokenIssuer issuer;

    @GET
    @Path("sign-in")
    @Operation(summary = "How the console signs in here (no token needed)")
    public SignInOptions signIn() {
        if (!provider.configured()) {
            return new SignInOptions(null, null, issuer.enabled());
        }
        AdminConfig.Console.Oidc oidc = config.console().oidc();
        try {
            OidcProviderMetadata.Endpoints e = provider.endpoints();
            return new SignInOptions(new OidcOptions(e.issuer(), e.authorization(), e.endSession(), e.issParameterSupported(),
                    oidc.clientId().orElseThrow(), oidc.scope(), oidc.redirectUri().orElse(null), oidc.extraParams()), null, issuer.enabled());
        } catch (ProblemException e) {
            // anyone may ask: the provider's address and the failure's details are for admin-api's log (WARN)
            return new SignInOptions(null, "the OIDC provider cannot be used right now; admin-api's log says why", issuer.enabled());
        }
    }

    @POST
    @Path("oidc/token")
    @Operation(summary = "Exchange the authorization code the provider sent to the console for tokens (no token needed)")
    @APIResponse(responseCode = "400", description = "Malformed request, or the provider refused the code",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response token(CodeExchange body) {
        requireOidc();
        Fields.body(body, "{\"code\": \"...\", \"codeVerifier\": \"...\", \"redirectUri\": \"https://admin.example.org/console/\"}");
        return noStore(forBrowser(tokens.exchange(code(body.code()), verifier(body.codeVerifier()),
                redirectUri(body.redirectUri(), config.console().oidc().redirectUri())), confidential()));
    }

    @POST
    @Path("oidc/refresh")
    @Operation(summary = "New tokens for a refresh token the provider issued to the console (no token needed)")
    @APIResponse(responseCode = "400", description = "Malformed request, or the provider refused the refresh token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response refresh(Refresh body) {
        requireOidc();
        if (confidential()) {
            throw new ProblemException(Problem.of("not-found", "Not found", 404,
                    "a confidential client's refresh tokens stay with the provider here; sign in again"));
        }
        Fields.body(body, "{\"refreshToken\": \"...\"}");
        return noStore(tokens.refresh(visible("refreshToken", body.refreshToken())));
    }

    @POST
    @Path("oidc/revoke")
    @Operation(summary = "Revoke a refresh token the provider issued to the console, at sign-out (RFC 7009; no token needed)")
    @APIResponse(responseCode = "204", description = "Revoked, or the provider has no revocation endpoint")
    public Response revoke(Refresh body) {
        requireOidc();
        Fields.body(body, "{\"refreshToken\": \"...\"}");
        tokens.revoke(visible("refreshToken", body.refreshToken()));
        return Response.noContent().build();
    }

    private boolean confidential() {
        return config.console().oidc().clientSecret().isPresent();
    }

    /**
     * What the page gets. A confidential client's refresh token is not handed out: this endpoint adds the client's
     * secret to any refresh token it is given, so a refresh token stolen from a browser would outlive the theft
     * without the secret ever being needed (RFC 9700 section 4.14.2). The page signs in again instead, which the
     * provider's own session makes a round trip without a prompt. A public client's refresh token is the page's
     * (the provider rotates it: section 4.14.2 again).
     */
    static OidcTokenEndpoint.Tokens forBrowser(OidcTokenEndpoint.Tokens t, boolean confidential) {
        return confidential ? new OidcTokenEndpoint.Tokens(t.accessToken(), t.expiresIn(), null, t.idToken()) : t;
    }

    static String code(String code) {
        return visible("code", code);
    }

    static String verifier(String value) {
        String verifier = Fields.required("codeVerifier", value);
        if (!VERIFIER.matcher(verifier).matches()) {
            throw ProblemException.badRequest("field 'codeVerifier' must be 43..128 of A-Z, a-z, 0-9, '-', '.', '_', '~' (RFC 7636 section 4.1)");
        }
        return verifier;
    }

    static String visible(String field, String value) {
        String v = Fields.required(field, value);
        if (!VSCHARS.matcher(v).matches()) {
            throw ProblemException.badRequest("field '" + field + "' must be 1..4096 visible ASCII characters");
        }
        return v;
    }

    private void requireOidc() {
        if (!provider.configured()) {
            throw new ProblemException(Problem.of("not-found", "Not found", 404,
                    "OIDC sign-in is not configured here (quarkus.oidc.auth-server-url and admin.console.oidc.client-id)"));
        }
    }

    /**
     * The configured redirect URI exactly; without one, the console's address on some host (the provider checks it
     * against the registered ones and against the authorization request, RFC 6749 section 4.1.3).
     */
    static String redirectUri(String value, java.util.Optional<String> configured) {
        String given = Fields.required("redirectUri", value);
        if (configured.isPresent()) {
            if (!configured.get().equals(given)) {
                throw ProblemException.badRequest("field 'redirectUri' must be the configured admin.console.oidc.redirect-uri");
            }
            return given;
        }
        try {
            URI u = new URI(given);
            if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null && "/console/".equals(u.getRawPath())
                    && u.getRawQuery() == null && u.getRawFragment() == null && u.getRawUserInfo() == null) {
                return given;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw ProblemException.badRequest("field 'redirectUri' must be the console's address, http(s)://HOST[:PORT]/console/");
    }

    /** RFC 6749 section 5.1: responses carrying tokens are not to be cached. */
    private static Response noStore(OidcTokenEndpoint.Tokens t) {
        return Response.ok(t).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }
}
