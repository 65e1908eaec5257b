package com.mailplatform.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailplatform.admin.AdminConfig;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.common.config.EffectiveConfigRoute;
import com.mailplatform.common.config.EffectiveSettings;
import com.mailplatform.common.config.Setting;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The platform's effective configuration, like {@code postconf -n} / {@code doveconf -n} for every component at once:
 * admin-api's own, and each other component's from its {@code /q/mail-config} (the components' base URLs are those of
 * {@code admin.status.components}; on Kubernetes, when those are not set, each component's Service on port 8080). Secrets are redacted by the component itself; admin role only, since even the
 * redacted settings map the deployment.
 */
@Path("/api/v1/config")
@Tag(name = "config")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Admin role required",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ConfigResource {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();
    static final String SELF = "admin-api";

    @Inject
    AdminConfig config;

    @Inject
    ObjectMapper json;

    public record ComponentConfig(String component, List<Setting> settings, String error) {
    }

    public record PlatformConfig(List<ComponentConfig> components) {
    }

    @GET
    @Blocking
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Effective settings of every component (or one): value, source, changed from the built-in default; secrets redacted")
    public PlatformConfig show(@QueryParam("component") String component, @QueryParam("changed") String changed) {
        boolean changedOnly = flag(changed);
        Map<String, String> urls = com.mailplatform.admin.status.ComponentUrls.of(config);
        if (component != null && !component.equals(SELF) && !urls.containsKey(component)) {
            throw new ProblemException(Problem.of("not-found", "Not found", 404, "no component '" + Validate.shorten(component)
                    + "'; known: " + SELF + (urls.isEmpty() ? "" : ", " + String.join(", ", urls.keySet()))));
        }
        List<ComponentConfig> out = new ArrayList<>();
        if (component == null || component.equals(SELF)) {
            out.add(new ComponentConfig(SELF, EffectiveSettings.of(ConfigProvider.getConfig().unwrap(SmallRyeConfig.class), changedOnly), null));
        }
        Map<String, CompletableFuture<ComponentConfig>> asks = new TreeMap<>();
        urls.forEach((name, base) -> {
            if (component == null || component.equals(name)) {
                asks.put(name, ask(name, base, changedOnly));
            }
        });
        asks.values().forEach(f -> out.add(f.join()));
        return new PlatformConfig(out);
    }

    private static boolean flag(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ProblemException.badRequest("'changed' must be true or false");
    }

    private CompletableFuture<ComponentConfig> ask(String name, String base, boolean changedOnly) {
        String url = base.replaceAll("/+$", "") + EffectiveConfigRoute.PATH + (changedOnly ? "?changed=true" : "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.status().timeout()).GET().build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    if (r.statusCode() != 200) {
                        return new ComponentConfig(name, List.of(), "HTTP " + r.statusCode() + " from " + url);
                    }
                    try {
                        JsonNode body = json.readTree(r.body());
                        List<Setting> settings = new ArrayList<>();
                        body.path("settings").forEach(s -> settings.add(new Setting(s.path("name").asText(), s.path("value").asText(),
                                s.path("source").asText(), s.path("changed").asBoolean(),
                                s.hasNonNull("defaultValue") ? s.path("defaultValue").asText() : null)));
                        return new ComponentConfig(name, settings, null);
                    } catch (Exception e) {
                        return new ComponentConfig(name, List.of(), "not a settings document from " + url);
                    }
                })
                .exceptionally(e -> new ComponentConfig(name, List.of(), "unreachable: "
                        + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + " at " + url));
    }
}
