package com.mailplatform.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Configuration of admin-api under the {@code admin.} prefix. */
@ConfigMapping(prefix = "admin")
public interface AdminConfig {

    /**
     * A static bearer token with role admin, for the local stack and bootstrapping ({@code ADMIN_API_TOKEN}).
     * Deliberately without default: a secret must come from the environment or a Kubernetes Secret. Production
     * uses OIDC ({@code quarkus.oidc.auth-server-url}); with neither configured, the API refuses every request.
     */
    Optional<String> apiToken();

    /** Deadline of each gRPC call to mailbox-store and delivery-service, from the call's start. */
    @WithDefault("10s")
    Duration grpcDeadline();

    Probe probe();

    /**
     * Longest request URI (path and query) admin-api serves; longer ones get a 414 problem. Its identifiers are
     * short (an address is at most 254 octets), so the default leaves room for a query of several of them.
     * {@code quarkus.http.limits.max-initial-line-length} must stay above it, or the HTTP server answers 414 first
     * with no body.
     */
    @WithDefault("2048")
    int maxUriLength();

    Status status();

    /**
     * import (issue 17): largest JSON request body. quarkus.http.limits.max-body-size is the largest body of all,
     * which the streamed mailbox import needs; every other request is held to this by {@code HttpProblems}.
     */
    @WithDefault("64K")
    io.quarkus.runtime.configuration.MemorySize maxJsonBody();

    TokenIssuer tokenIssuer();

    /**
     * console2: DNS servers of the DKIM record check ({@code host:port}, {@code [v6]:port}; port 53 by default; see
     * platform-common's DnsResolvers). Absent: the system's resolvers.
     */
    Optional<java.util.List<String>> resolvers();

    /** console2: how long one DNS query of the DKIM record check may take in all. */
    @WithDefault("5s")
    Duration dnsTimeout();

    /** The web console (README "Web console"). */
    Console console();

    interface Probe {
        /** Connect and read timeout of {@code probe HOST[:PORT]}, like posttls-finger's -c/-w. */
        @WithDefault("10s")
        Duration timeout();

        /** The name sent in EHLO (Postfix's smtp_helo_name). */
        @WithDefault("admin-api.mailplatform.invalid")
        String heloName();
    }

    interface Status {
        /**
         * Outside Kubernetes: component name to its health base URL, e.g.
         * {@code admin.status.components.mailbox-store=http://127.0.0.1:8081}; {@code /q/health} is appended.
         */
        Map<String, String> components();

        /**
         * Where status comes from: {@code kubernetes} (the platform's Deployments), {@code health} (the
         * components' health endpoints) or {@code auto}: Kubernetes when running in a pod (KUBERNETES_SERVICE_HOST).
         */
        @WithDefault("auto")
        String source();

        /** How long one health request may take before the component counts as down. */
        @WithDefault("3s")
        Duration timeout();
    }

    interface TokenIssuer {
        /**
         * PEM file of the RSA private key that signs tokens issued by {@code POST /api/v1/tokens} (the local
         * stack's built-in issuer). Absent: the endpoint answers 404. Tokens are verified through
         * {@code quarkus.oidc.public-key} like any OIDC bearer token.
         */
        Optional<String> privateKeyLocation();

        /** The {@code iss} of issued tokens; set {@code quarkus.oidc.token.issuer} to the same value. */
        @WithDefault("mailplatform-local")
        String issuer();

        /** Lifetime of issued tokens unless the request asks for less. */
        @WithDefault("8h")
        Duration maxLifetime();
    }

    interface Console {
        Oidc oidc();

        /**
         * Sign-in in the browser with the OIDC provider of {@code quarkus.oidc.auth-server-url}: the authorization code
         * flow with PKCE (RFC 7636), the code exchanged by admin-api for the page (a token-mediating backend, so the
         * page talks to its own origin only and a confidential client's secret stays on the server). The access token
         * is then used like any other bearer token. Without a client id the console only takes pasted tokens.
         */
        interface Oidc {
            /** The console's client at the provider, whose redirect URI is the console's address (https://HOST/console/); absent: no OIDC sign-in. */
            Optional<String> clientId();

            /**
             * The client's secret if the provider registered it as confidential, sent as client_secret_basic (RFC 6749
             * section 2.3.1); its refresh tokens then stay out of the browser. Absent: a public client, identified by
             * client_id in the token request.
             */
            Optional<String> clientSecret();

            /** Scopes asked for, space-separated (add the provider's scope for refresh tokens, {@code offline_access}, if it needs one). */
            @WithDefault("openid")
            String scope();

            /** The redirect URI registered at the provider; absent: the console's own address as the browser sees it. */
            Optional<String> redirectUri();

            /** Extra parameters of the authorization request, such as {@code resource} (RFC 8707) or a provider's {@code audience}. */
            Map<String, String> extraParams();

            /** How long the provider may take to answer discovery or a token request, the whole answer included. */
            @WithDefault("5s")
            Duration timeout();
        }
    }
}
