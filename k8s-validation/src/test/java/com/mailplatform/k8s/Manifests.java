package com.mailplatform.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Multi-document YAML to fabric8 objects: the typed model class where fabric8 knows the apiVersion/kind, otherwise a
 * GenericKubernetesResource. A document that is not YAML, lacks apiVersion/kind/metadata.name, or carries a field
 * the model does not know (a typo such as {@code livenesProbe}) fails.
 */
final class Manifests {

    static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final Pattern SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private Manifests() {
    }

    static List<HasMetadata> parse(String yaml, String source) {
        List<HasMetadata> out = new ArrayList<>();
        int n = 0;
        for (String doc : SEPARATOR.split(yaml)) {
            n++;
            if (doc.isBlank() || doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            String where = source + " document " + n;
            Object raw;
            try {
                raw = JSON.unmarshal(doc, Map.class);
            } catch (RuntimeException e) {
                throw new AssertionError(where + " is not valid YAML: " + e.getMessage(), e);
            }
            if (!(raw instanceof Map<?, ?> map) || map.get("apiVersion") == null || map.get("kind") == null) {
                throw new AssertionError(where + " has no apiVersion/kind");
            }
            HasMetadata obj;
            try {
                obj = JSON.unmarshal(doc, HasMetadata.class);
            } catch (RuntimeException e) {
                throw new AssertionError(where + " (" + map.get("kind") + ") does not parse: " + e.getMessage(), e);
            }
            if (obj.getMetadata() == null || obj.getMetadata().getName() == null) {
                throw new AssertionError(where + " (" + obj.getKind() + ") has no metadata.name");
            }
            if (!(obj instanceof GenericKubernetesResource)) {
                List<String> unknown = UnknownFields.find(obj);
                if (!unknown.isEmpty()) {
                    throw new AssertionError(where + " " + id(obj) + " has fields its schema does not know: " + unknown);
                }
            }
            out.add(obj);
        }
        return out;
    }

    static String id(HasMetadata o) {
        return o.getKind() + "/" + o.getMetadata().getName();
    }
}
