package com.mailplatform.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailplatform.admin.AdminConfig;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.admin.status.Component;
import com.mailplatform.admin.status.KubernetesStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Platform status. On Kubernetes: the platform's Deployments (replicas wanted/ready, version). Elsewhere: every
 * configured component's {@code /q/health} (SmallRye Health: UP/DOWN and its checks), asked in parallel, with
 * admin-api itself as UP. Blocking (plain return type), so it runs on a worker thread.
 */
@Path("/api/v1/status")
@Tag(name = "status")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "Missing or wrong bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "Operator role required",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class StatusResource {

    @Schema(name = "PlatformStatus")
    public record PlatformStatus(String status, String source, List<Component> components) {
    }

    private static final Logger LOG = Logger.getLogger(StatusResource.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();

    @Inject
    AdminConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Instance<KubernetesClient> kubernetes;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Every component's health (and, on Kubernetes, replicas wanted/ready and version); UP only when all are UP")
    public PlatformStatus status() {
        List<Component> out;
        String source;
        if (onKubernetes()) {
            source = "kubernetes";
            try {
                out = KubernetesStatus.read(kubernetes.get());
            } catch (KubernetesClientException e) {
                LOG.warnf("reading Deployments failed: %s", e.getMessage());
                throw new ProblemException(Problem.of("service-unavailable", "Service unavailable", 503,
                        "the Kubernetes API did not answer: " + e.getCode()));
            }
        } else {
            source = "health";
            Map<String, CompletableFuture<Component>> asks = new TreeMap<>();
            config.status().components().forEach((name, url) -> asks.put(name, ask(name, url)));
            out = new ArrayList<>();
            out.add(new Component("admin-api", "UP", version, null, null, null, List.of(), null));
            asks.values().forEach(f -> out.add(f.join()));
        }
        boolean up = !out.isEmpty() && out.stream().allMatch(c -> c.status().equals("UP"));
        return new PlatformStatus(up ? "UP" : "DOWN", source, out);
    }

    private boolean onKubernetes() {
        return switch (config.status().source()) {
            case "kubernetes" -> true;
            case "health" -> false;
            default -> System.getenv("KUBERNETES_SERVICE_HOST") != null;
        };
    }

    private CompletableFuture<Component> ask(String name, String base) {
        String url = base.replaceAll("/+$", "") + "/q/health";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.status().timeout()).GET().build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    try {
                        JsonNode body = json.readTree(r.body());
                        List<String> checks = new ArrayList<>();
                        body.path("checks").forEach(c -> checks.add(c.path("name").asText() + ": " + c.path("status").asText()));
                        return new Component(name, body.path("status").asText("DOWN"), null, null, null, url, checks, null);
                    } catch (Exception e) {
                        return new Component(name, "DOWN", null, null, null, url, List.of(), "HTTP " + r.statusCode() + ", not a health document");
                    }
                })
                .exceptionally(e -> new Component(name, "DOWN", null, null, null, url, List.of(),
                        "unreachable: " + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName()));
    }
}
