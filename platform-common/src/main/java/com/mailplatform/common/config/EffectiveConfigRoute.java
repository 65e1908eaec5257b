package com.mailplatform.common.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.config.SmallRyeConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code GET /q/mail-config[?changed=true]} on each service's HTTP port: the effective configuration with secrets
 * redacted. It sits beside /q/health and /q/metrics, on the port that only platform pods and monitoring reach
 * (k8s NetworkPolicies); operators read it through admin-api ({@code mailctl config show}), which requires the admin role.
 */
@ApplicationScoped
public class EffectiveConfigRoute {

    public static final String PATH = "/q/mail-config";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterForReflection
    public record Document(String service, List<Setting> settings) {
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(ctx -> {
            boolean changed = "true".equalsIgnoreCase(ctx.request().getParam("changed"));
            SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
            String service = config.getOptionalValue("quarkus.application.name", String.class).orElse("unknown");
            try {
                ctx.response().putHeader("Content-Type", "application/json")
                        .end(JSON.writeValueAsString(new Document(service, EffectiveSettings.of(config, changed))));
            } catch (Exception e) {
                ctx.fail(e);
            }
        });
    }
}
