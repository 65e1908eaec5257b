package com.mailplatform.admin.operator.crd;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;

/** An alias or forward (Postfix virtual_alias_maps): one address, or {@code @domain} for a catch-all, to targets. */
@Group(Crds.GROUP)
@Version(Crds.VERSION)
public class MailAlias extends CustomResource<MailAlias.Spec, ReconcileStatus> implements Namespaced {

    @Override
    protected ReconcileStatus initStatus() {
        return new ReconcileStatus();
    }

    /** {@code spec}. */
    public static class Spec {
        private String address;
        private List<String> targets = new ArrayList<>();

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public List<String> getTargets() {
            return targets;
        }

        public void setTargets(List<String> targets) {
            this.targets = targets == null ? new ArrayList<>() : targets;
        }
    }
}
