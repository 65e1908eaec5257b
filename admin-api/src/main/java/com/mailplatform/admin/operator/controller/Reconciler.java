package com.mailplatform.admin.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Brings the world in line with one object's spec. Level-based: it is given the latest cached state, not the
 * event that caused the call, and must be idempotent. A thrown exception means "retry with backoff".
 */
@FunctionalInterface
public interface Reconciler<T extends HasMetadata> {

    Result reconcile(T resource) throws Exception;
}
