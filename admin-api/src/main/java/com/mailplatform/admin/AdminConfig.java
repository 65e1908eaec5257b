package com.mailplatform.admin;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Configuration of admin-api under the {@code admin.} prefix. */
@ConfigMapping(prefix = "admin")
public interface AdminConfig {

    /**
     * The bearer token every {@code /api} request must present, until real authentication (OIDC) arrives.
     * Deliberately without default: a secret must come from the environment ({@code ADMIN_API_TOKEN}) or a
     * Kubernetes Secret. While unset, the API refuses every request rather than running open.
     */
    Optional<String> apiToken();
}
