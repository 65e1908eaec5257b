package com.mailplatform.admin.operator.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes API conventions for conditions: one entry per type, {@code lastTransitionTime} changes only
 * when {@code status} flips, {@code observedGeneration} says which spec the condition describes.
 */
public final class Conditions {

    public static final String READY = "Ready";

    private Conditions() {
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** A new list with the condition of {@code type} set; the transition time kept if the status did not change. */
    public static List<Condition> set(List<Condition> conditions, String type, boolean status, String reason,
            String message, Long generation) {
        String value = status ? "True" : "False";
        Optional<Condition> old = find(conditions, type);
        String since = old.filter(c -> value.equals(c.getStatus())).map(Condition::getLastTransitionTime)
                .orElse(Instant.now().toString());
        List<Condition> out = new ArrayList<>();
        if (conditions != null) {
            conditions.stream().filter(c -> !type.equals(c.getType())).forEach(out::add);
        }
        out.add(new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build());
        return out;
    }
}
