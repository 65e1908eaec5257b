package com.mailplatform.admin;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Only carries the OpenAPI description; resources are discovered, so getClasses() is not overridden. */
@OpenAPIDefinition(
        info = @Info(title = "Mail platform admin API", version = "v1",
                description = "Operators' API: domains and accounts, backed by mailbox-store."),
        tags = {
                @Tag(name = "domains", description = "Mail domains the platform accepts mail for"),
                @Tag(name = "accounts", description = "Mail accounts (mailbox owners)")
        },
        security = @SecurityRequirement(name = AdminApiApplication.BEARER))
@SecurityScheme(securitySchemeName = AdminApiApplication.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The static token configured as admin.api-token")
public class AdminApiApplication extends Application {
    public static final String BEARER = "bearer";
}
