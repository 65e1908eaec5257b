package com.mailplatform.admin.operator.store;

import com.mailplatform.admin.operator.controller.EventRecorder;
import com.mailplatform.admin.operator.crd.MailAccount;
import com.mailplatform.admin.operator.crd.MailDomain;
import com.mailplatform.admin.operator.crd.ReconcileStatus;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.DeleteDomainRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;

/** MailDomain → a domain in mailbox-store. */
public final class MailDomainReconciler extends StoreResourceReconciler<MailDomain, ReconcileStatus> {

    /** While accounts remain, the store refuses to delete the domain; try again at this pace. */
    static final Duration IN_USE_RETRY = Duration.ofSeconds(30);

    public MailDomainReconciler(KubernetesClient client, StoreStubs store, EventRecorder events) {
        super(client, store, events, ReconcileStatus::new);
    }

    /** Keys of the cached MailDomains an account's address belongs to, for the MailAccount watch. */
    public static List<String> of(MailAccount account, List<MailDomain> domains) {
        String address = account.getSpec() == null ? null : account.getSpec().getAddress();
        if (address == null || address.indexOf('@') < 0) {
            return List.of();
        }
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return domains.stream().filter(d -> d.getSpec() != null && domain.equalsIgnoreCase(d.getSpec().getName()))
                .map(d -> d.getMetadata().getNamespace() + "/" + d.getMetadata().getName()).toList();
    }

    @Override
    protected Outcome apply(MailDomain d, ReconcileStatus status) throws NotReady {
        String name = name(d);
        try {
            store.admin().createDomain(CreateDomainRequest.newBuilder().setName(name).build());
            return Outcome.changed(present(name), "Created", "domain " + name + " created in mailbox-store");
        } catch (StatusRuntimeException e) {
            if (StoreStubs.is(e, Status.Code.ALREADY_EXISTS)) {
                return Outcome.unchanged(present(name));
            }
            throw StoreStubs.invalidOrRethrow(e);
        }
    }

    @Override
    protected String remove(MailDomain d) throws NotReady {
        String name = name(d);
        try {
            StoreStubs.deleteIfPresent(() -> store.admin()
                    .deleteDomain(DeleteDomainRequest.newBuilder().setName(name).build()));
        } catch (StatusRuntimeException e) {
            if (StoreStubs.is(e, Status.Code.FAILED_PRECONDITION)) {
                throw new NotReady("DomainInUse", StoreStubs.describe(e), IN_USE_RETRY);
            }
            throw e;
        }
        return "domain " + name + " removed from mailbox-store";
    }

    private static String present(String name) {
        return "domain " + name + " is in mailbox-store";
    }

    private static String name(MailDomain d) throws NotReady {
        String name = d.getSpec() == null ? null : d.getSpec().getName();
        if (name == null || name.isBlank()) {
            throw new NotReady("InvalidSpec", "spec.name is required", null);
        }
        return name;
    }
}
