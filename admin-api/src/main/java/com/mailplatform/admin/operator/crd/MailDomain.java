package com.mailplatform.admin.operator.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A domain the platform receives mail for (Postfix virtual_mailbox_domains). */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
public class MailDomain extends CustomResource<MailDomain.Spec, ReconcileStatus> implements Namespaced {

    @Override
    protected ReconcileStatus initStatus() {
        return new ReconcileStatus();
    }

    /** {@code spec}: the domain name, immutable. */
    public static class Spec {
        private String name;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }
}
