package com.mailplatform.admin.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.admin.problem.ProblemException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the console's unauthenticated sign-in endpoints accept before anything goes to the provider. */
class ConsoleSignInInputTest {

    private static void refused(String fieldInDetail, Runnable call) {
        ProblemException e = assertThrows(ProblemException.class, call::run);
        assertEquals(400, e.problem().status());
        assertTrue(e.problem().detail().contains(fieldInDetail), e.problem().detail());
    }

    @Test
    void verifierIsRfc7636Syntax() {
        String ok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456-._~";
        assertEquals(ok, ConsoleSignInResource.verifier(ok));
        assertEquals("a".repeat(128), ConsoleSignInResource.verifier("a".repeat(128)));
        refused("codeVerifier", () -> ConsoleSignInResource.verifier("a".repeat(42)));
        refused("codeVerifier", () -> ConsoleSignInResource.verifier("a".repeat(129)));
        refused("codeVerifier", () -> ConsoleSignInResource.verifier("a".repeat(42) + "+"));
        refused("codeVerifier", () -> ConsoleSignInResource.verifier(null));
    }

    @Test
    void codeAndRefreshTokenAreBoundedVisibleAscii() {
        assertEquals("Splx10BeZQQYbYS6WxSbIA", ConsoleSignInResource.code("Splx10BeZQQYbYS6WxSbIA"));
        refused("code", () -> ConsoleSignInResource.code("x".repeat(4097)));
        refused("code", () -> ConsoleSignInResource.code("abc\r\nInjected: header"));
        refused("code", () -> ConsoleSignInResource.code("caf\u00e9"));
        refused("code", () -> ConsoleSignInResource.code(""));
        refused("refreshToken", () -> ConsoleSignInResource.visible("refreshToken", "\u0000"));
    }

    /** RFC 9700 section 4.14.2: this endpoint would add the secret to any refresh token, so a confidential client's stays out of the browser. */
    @Test
    void aConfidentialClientsRefreshTokenIsNotHandedToTheBrowser() {
        var t = new com.mailplatform.admin.console.OidcTokenEndpoint.Tokens("at", 300, "rt", "it");
        assertEquals(new com.mailplatform.admin.console.OidcTokenEndpoint.Tokens("at", 300, null, "it"), ConsoleSignInResource.forBrowser(t, true));
        assertEquals(t, ConsoleSignInResource.forBrowser(t, false));
    }

    @Test
    void redirectUriIsTheConsoleOrTheConfiguredOne() {
        Optional<String> none = Optional.empty();
        assertEquals("https://admin.example.org/console/", ConsoleSignInResource.redirectUri("https://admin.example.org/console/", none));
        assertEquals("http://127.0.0.1:8080/console/", ConsoleSignInResource.redirectUri("http://127.0.0.1:8080/console/", none));
        for (String bad : new String[] {"https://evil.example/steal", "https://admin.example.org/console/?x=1", "https://admin.example.org/console/#x",
                "javascript:alert(1)//console/", "https://user:pw@admin.example.org/console/", "/console/", "https://admin.example.org/console"}) {
            refused("redirectUri", () -> ConsoleSignInResource.redirectUri(bad, none));
        }
        Optional<String> configured = Optional.of("https://mail.example.org/console/");
        assertEquals("https://mail.example.org/console/", ConsoleSignInResource.redirectUri("https://mail.example.org/console/", configured));
        refused("admin.console.oidc.redirect-uri", () -> ConsoleSignInResource.redirectUri("https://other.example.org/console/", configured));
    }
}
