package com.mailplatform.admin.operator.platform;

import com.mailplatform.admin.operator.crd.MailPlatform;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files of k8s/base/services/, rendered by the operator's own code ({@link PlatformObjects}) so that ports,
 * settings, probes and security contexts exist in one place. {@code BaseManifestsTest} fails when the committed
 * files differ from this rendering and says how to regenerate them.
 */
public final class BaseManifests {

    /** The command that rewrites k8s/base/services/ from this class (run from the repository's root). */
    public static final String REGENERATE = "./mvnw -B -q test -pl admin-api -am -Dtest=BaseManifestsTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dk8s.regenerate=true";

    /**
     * What k8s/base deploys: the names the overlays and k8s/README.md use for the database (CloudNativePG cluster
     * mail-db), the broker (ArtemisCloud mail-broker), the certificate (cert-manager mail-tls) and the admin token.
     * myhostname is a placeholder the overlays replace (MAIL_MYHOSTNAME); it is not "localhost" so that a forgotten
     * setting is visible, not a platform that greets as localhost.
     */
    static final MailPlatform.Spec SPEC = new MailPlatform.Spec(null, null, null, null, new MailPlatform.Tls("mail-tls"),
            new MailPlatform.Database("jdbc:postgresql://mail-db-rw:5432/mail", "postgresql://mail-db-rw:5432/mail", "mail-db-app"),
            new MailPlatform.Broker("mail-broker-hdls-svc", 5672, "mail-broker-credentials"),
            new MailPlatform.Settings("mail.example.com", null, null, "admin-api-token"));

    private BaseManifests() {
    }

    /** File name (relative to k8s/base/services/) → content. */
    public static Map<String, String> render() {
        PlatformObjects objects = PlatformObjects.forBase(SPEC);
        KubernetesSerialization yaml = new KubernetesSerialization();
        Map<String, String> files = new LinkedHashMap<>();
        for (PlatformComponent c : PlatformComponent.values()) {
            files.put(c.id() + ".yaml", document(yaml, List.of(objects.deployment(c), objects.service(c))));
        }
        files.put("public-services.yaml", document(yaml, List.copyOf(objects.publicServices())));
        files.put(PlatformObjects.BASE_CONFIG_MAP + ".env", header("#") + objects.settings().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining()));
        return files;
    }

    private static String document(KubernetesSerialization yaml, List<HasMetadata> objects) {
        return header("#") + objects.stream().map(o -> strip(yaml.asYaml(o))).collect(Collectors.joining("---\n"));
    }

    private static String strip(String doc) {
        return doc.startsWith("---\n") ? doc.substring(4) : doc;
    }

    private static String header(String comment) {
        return comment + " Generated from admin-api's PlatformComponent/PlatformObjects (the operator's definitions): do not edit.\n"
                + comment + " Regenerate: " + REGENERATE + "\n";
    }
}
