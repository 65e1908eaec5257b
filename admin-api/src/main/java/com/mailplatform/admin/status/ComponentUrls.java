package com.mailplatform.admin.status;

import com.mailplatform.admin.AdminConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The components' HTTP base URLs: {@code admin.status.components}; in a pod where those are not set, each
 * component's Service, named after it, on port 8080 (k8s/base, PlatformComponent).
 */
public final class ComponentUrls {

    private ComponentUrls() {
    }

    public static Map<String, String> of(AdminConfig config) {
        Map<String, String> urls = new TreeMap<>(config.status().components());
        if (urls.isEmpty() && System.getenv("KUBERNETES_SERVICE_HOST") != null) {
            for (String name : List.of("mailbox-store", "smtp-ingress", "delivery-service", "imap-pop-gateway")) {
                urls.put(name, "http://" + name + ":8080");
            }
        }
        return urls;
    }
}
