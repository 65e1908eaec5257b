package com.mailplatform.admin.operator.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CRD manifests of k8s/base/crds/ (the single source of the schemas), read and installed as they are: what a
 * test's mock API server needs to know before it serves the custom resources with a status subresource.
 */
public final class CrdFiles {

    private CrdFiles() {
    }

    public static List<CustomResourceDefinition> read(KubernetesClient client, Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(p -> {
                try (InputStream in = Files.newInputStream(p)) {
                    return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates (or replaces) every CRD of {@code dir} in the cluster {@code client} talks to. */
    public static void install(KubernetesClient client, Path dir) {
        read(client, dir).forEach(crd -> client.apiextensions().v1().customResourceDefinitions().resource(crd)
                .createOr(existing -> existing.update()));
    }
}
