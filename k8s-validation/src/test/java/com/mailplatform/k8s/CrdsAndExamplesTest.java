package com.mailplatform.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CRDs in k8s/base/crds parse strictly (a misplaced schema keyword fails) and are structurally sound, and every
 * custom resource in k8s/examples validates against its CRD's openAPIV3Schema — also a deliberately broken one
 * does not, so the check can fail.
 */
class CrdsAndExamplesTest {

    @Test
    void crdsParseAndServeTheirVersionWithStatus() throws Exception {
        Map<String, CustomResourceDefinition> crds = crds();
        assertEquals(4, crds.size(), crds.keySet().toString());
        for (CustomResourceDefinition crd : crds.values()) {
            var spec = crd.getSpec();
            String id = crd.getMetadata().getName();
            assertEquals(spec.getNames().getPlural() + "." + spec.getGroup(), id, "CRD name must be <plural>.<group>");
            assertEquals(1, spec.getVersions().stream().filter(CustomResourceDefinitionVersion::getStorage).count(), id + ": one storage version");
            for (CustomResourceDefinitionVersion v : spec.getVersions()) {
                assertTrue(v.getSubresources() != null && v.getSubresources().getStatus() != null, id + " " + v.getName() + ": status subresource");
                JSONSchemaProps root = v.getSchema().getOpenAPIV3Schema();
                assertEquals("object", root.getType(), id);
                assertTrue(root.getProperties().containsKey("spec") && root.getProperties().containsKey("status"), id + " spec/status");
                assertTrue(root.getProperties().get("status").getProperties().containsKey("conditions"), id + " status.conditions");
            }
        }
    }

    @Test
    void examplesValidateAgainstTheirSchemas() throws Exception {
        Map<String, CustomResourceDefinition> crds = crds();
        int validated = 0;
        try (Stream<Path> files = Files.list(Kustomize.K8S.resolve("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (HasMetadata o : Manifests.parse(Files.readString(f), f.getFileName().toString())) {
                    if (!(o instanceof GenericKubernetesResource g)) {
                        continue; // a typed object (the Secret) was already checked strictly by Manifests.parse
                    }
                    List<String> errors = validate(crds, g);
                    assertTrue(errors.isEmpty(), f.getFileName() + " " + Manifests.id(o) + ": " + errors);
                    validated++;
                }
            }
        }
        assertTrue(validated >= 5, "only " + validated + " custom resources in k8s/examples");
    }

    @Test
    void aBrokenResourceIsRejected() throws Exception {
        Map<String, CustomResourceDefinition> crds = crds();
        GenericKubernetesResource bad = Manifests.JSON.unmarshal("""
                apiVersion: mail.mailplatform.com/v1alpha1
                kind: MailAccount
                metadata: {name: x}
                spec:
                  adress: typo@example.com
                  passwordSecretRef: {}
                  quotaBytes: -1
                """, GenericKubernetesResource.class);
        List<String> errors = validate(crds, bad);
        assertTrue(errors.contains("spec: unknown field adress"), errors.toString());
        assertTrue(errors.contains("spec: missing required field address"), errors.toString());
        assertTrue(errors.contains("spec.passwordSecretRef: missing required field name"), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("spec.quotaBytes: below the minimum")), errors.toString());
        GenericKubernetesResource badDomain = Manifests.JSON.unmarshal("""
                apiVersion: mail.mailplatform.com/v1alpha1
                kind: MailDomain
                metadata: {name: x}
                spec: {name: "Not A Domain"}
                """, GenericKubernetesResource.class);
        assertFalse(validate(crds, badDomain).isEmpty());
    }

    private static List<String> validate(Map<String, CustomResourceDefinition> crds, GenericKubernetesResource g) {
        String[] gv = g.getApiVersion().split("/");
        CustomResourceDefinition crd = crds.values().stream()
                .filter(c -> c.getSpec().getGroup().equals(gv[0]) && c.getSpec().getNames().getKind().equals(g.getKind()))
                .findFirst().orElseThrow(() -> new AssertionError("no CRD for " + g.getApiVersion() + " " + g.getKind()));
        JSONSchemaProps schema = crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(gv[1])).findFirst()
                .orElseThrow(() -> new AssertionError(crd.getMetadata().getName() + " does not serve " + gv[1]))
                .getSchema().getOpenAPIV3Schema();
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = Manifests.JSON.convertValue(g, Map.class);
        return SchemaValidator.validate(raw, schema);
    }

    private static Map<String, CustomResourceDefinition> crds() throws Exception {
        Map<String, CustomResourceDefinition> out = new HashMap<>();
        try (Stream<Path> files = Files.list(Kustomize.K8S.resolve("base").resolve("crds"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                List<HasMetadata> objects = Manifests.parse(Files.readString(f), "crds/" + f.getFileName());
                assertEquals(1, objects.size(), f.toString());
                assertTrue(objects.get(0) instanceof CustomResourceDefinition, f + " is not a v1 CustomResourceDefinition");
                out.put(objects.get(0).getMetadata().getName(), (CustomResourceDefinition) objects.get(0));
            }
        }
        return out;
    }
}
