package com.mailplatform.admin.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A mailbox account whose password is kept in a Secret of the same namespace. */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
public class MailAccount extends CustomResource<MailAccount.Spec, MailAccount.Status> implements Namespaced {

    @Override
    protected Status initStatus() {
        return new Status();
    }

    /** {@code spec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Spec {
        private String address;
        private SecretKeyRef passwordSecretRef;
        private Long quotaBytes;

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public SecretKeyRef getPasswordSecretRef() {
            return passwordSecretRef;
        }

        public void setPasswordSecretRef(SecretKeyRef passwordSecretRef) {
            this.passwordSecretRef = passwordSecretRef;
        }

        public Long getQuotaBytes() {
            return quotaBytes;
        }

        public void setQuotaBytes(Long quotaBytes) {
            this.quotaBytes = quotaBytes;
        }
    }

    /** {@code spec.passwordSecretRef}: a key of a Secret ({@code password} unless named). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretKeyRef {
        private String name;
        private String key;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }
    }

    /**
     * {@code status}: besides the conditions, which Secret version the store's password came from, so that a
     * changed Secret (a new resourceVersion) leads to exactly one password reset, without keeping any secret here.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Status extends ReconcileStatus {
        private String passwordSecretVersion;
        private Long usedBytes;

        public String getPasswordSecretVersion() {
            return passwordSecretVersion;
        }

        public void setPasswordSecretVersion(String passwordSecretVersion) {
            this.passwordSecretVersion = passwordSecretVersion;
        }

        public Long getUsedBytes() {
            return usedBytes;
        }

        public void setUsedBytes(Long usedBytes) {
            this.usedBytes = usedBytes;
        }
    }
}
