package com.mailplatform.k8s;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The part of a CRD's structural openAPIV3Schema the API server checks on create, enough for the sample custom
 * resources: type, required, unknown fields (pruned by the server, so almost always a typo), enum, pattern,
 * minimum/maximum, minItems/maxItems, maxLength, items, additionalProperties.
 */
final class SchemaValidator {

    /** Fields the API server handles itself and the schema of a CRD does not describe. */
    private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private SchemaValidator() {
    }

    static List<String> validate(Map<String, Object> object, JSONSchemaProps schema) {
        List<String> errors = new ArrayList<>();
        Map<String, JSONSchemaProps> props = schema.getProperties();
        for (String required : schema.getRequired()) {
            if (!object.containsKey(required)) {
                errors.add("missing required field " + required);
            }
        }
        object.forEach((k, v) -> {
            if (!ROOT_FIELDS.contains(k)) {
                if (props.containsKey(k)) {
                    check(v, props.get(k), k, errors);
                } else {
                    errors.add("unknown field " + k);
                }
            }
        });
        return errors;
    }

    @SuppressWarnings("unchecked")
    private static void check(Object v, JSONSchemaProps s, String path, List<String> errors) {
        if (v == null) {
            if (!Boolean.TRUE.equals(s.getNullable())) {
                errors.add(path + ": null is not allowed");
            }
            return;
        }
        String type = s.getType();
        if (Boolean.TRUE.equals(s.getXKubernetesIntOrString())) {
            if (!(v instanceof Number || v instanceof String)) {
                errors.add(path + ": must be an integer or a string");
            }
            return;
        }
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> {
                if (!(v instanceof Map)) {
                    errors.add(path + ": must be an object");
                    return;
                }
                Map<String, Object> m = (Map<String, Object>) v;
                for (String r : s.getRequired()) {
                    if (!m.containsKey(r)) {
                        errors.add(path + ": missing required field " + r);
                    }
                }
                boolean open = Boolean.TRUE.equals(s.getXKubernetesPreserveUnknownFields());
                JSONSchemaProps extra = s.getAdditionalProperties() == null ? null : s.getAdditionalProperties().getSchema();
                m.forEach((k, x) -> {
                    JSONSchemaProps p = s.getProperties().get(k);
                    if (p != null) {
                        check(x, p, path + "." + k, errors);
                    } else if (extra != null) {
                        check(x, extra, path + "." + k, errors);
                    } else if (!open) {
                        errors.add(path + ": unknown field " + k);
                    }
                });
            }
            case "array" -> {
                if (!(v instanceof List<?> l)) {
                    errors.add(path + ": must be an array");
                    return;
                }
                if (s.getMinItems() != null && l.size() < s.getMinItems()) {
                    errors.add(path + ": needs at least " + s.getMinItems() + " item(s)");
                }
                if (s.getMaxItems() != null && l.size() > s.getMaxItems()) {
                    errors.add(path + ": allows at most " + s.getMaxItems() + " item(s)");
                }
                if (s.getItems() != null && s.getItems().getSchema() != null) {
                    for (int i = 0; i < l.size(); i++) {
                        check(l.get(i), s.getItems().getSchema(), path + "[" + i + "]", errors);
                    }
                }
            }
            case "string" -> {
                if (!(v instanceof String str)) {
                    errors.add(path + ": must be a string");
                    return;
                }
                if (s.getPattern() != null && !Pattern.compile(s.getPattern()).matcher(str).find()) {
                    errors.add(path + ": '" + str + "' does not match " + s.getPattern());
                }
                if (s.getMaxLength() != null && str.length() > s.getMaxLength()) {
                    errors.add(path + ": longer than " + s.getMaxLength());
                }
                checkEnum(v, s, path, errors);
            }
            case "integer", "number" -> {
                if (!(v instanceof Number n) || ("integer".equals(type) && n.doubleValue() != Math.rint(n.doubleValue()))) {
                    errors.add(path + ": must be " + ("integer".equals(type) ? "an integer" : "a number"));
                    return;
                }
                if (s.getMinimum() != null && n.doubleValue() < s.getMinimum()) {
                    errors.add(path + ": below the minimum " + s.getMinimum());
                }
                if (s.getMaximum() != null && n.doubleValue() > s.getMaximum()) {
                    errors.add(path + ": above the maximum " + s.getMaximum());
                }
            }
            case "boolean" -> {
                if (!(v instanceof Boolean)) {
                    errors.add(path + ": must be a boolean");
                }
            }
            default -> errors.add(path + ": schema type " + type + " is not a structural schema type");
        }
    }

    private static void checkEnum(Object v, JSONSchemaProps s, String path, List<String> errors) {
        if (s.getEnum() == null || s.getEnum().isEmpty()) {
            return;
        }
        boolean ok = s.getEnum().stream().anyMatch(e -> e != null && e.isTextual() && e.asText().equals(v));
        if (!ok) {
            errors.add(path + ": '" + v + "' is not one of " + s.getEnum());
        }
    }
}
