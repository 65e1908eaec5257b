/**
 * The custom resources of group {@code mail.mailplatform.com}, version {@code v1alpha1}, as fabric8 model classes.
 * Their schemas live in {@code k8s/base/crds/*.yaml} (the source of truth the cluster validates against); these
 * classes only map the fields the operator reads and writes.
 */
package com.mailplatform.admin.operator.crd;
