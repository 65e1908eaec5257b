package com.mailplatform.admin.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * The roles are expanded here because identity augmentors only run for identities made by identity providers.
 * The static token ({@code admin.api-token}, the local stack's {@code admin-token} file) as an identity with
 * role admin. Tried before OIDC; any other bearer token is left to OIDC (null = not mine).
 */
@ApplicationScoped
public class StaticTokenMechanism implements HttpAuthenticationMechanism {

    /** The audit log's "who" for requests made with the static token. */
    public static final String PRINCIPAL = "static-token";

    private final ApiToken token;

    public StaticTokenMechanism(ApiToken token) {
        this.token = token;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (token.check(context.request().getHeader("Authorization")) != ApiToken.Verdict.OK) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(PRINCIPAL)).addRoles(Roles.implied(Set.of(Roles.ADMIN))).build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"admin-api\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
