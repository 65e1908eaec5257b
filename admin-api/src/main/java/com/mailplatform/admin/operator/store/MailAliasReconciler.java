package com.mailplatform.admin.operator.store;

import com.mailplatform.admin.operator.controller.EventRecorder;
import com.mailplatform.admin.operator.crd.MailAlias;
import com.mailplatform.admin.operator.crd.ReconcileStatus;
import com.mailplatform.common.grpc.mailbox.Alias;
import com.mailplatform.common.grpc.mailbox.AliasPage;
import com.mailplatform.common.grpc.mailbox.DeleteAliasRequest;
import com.mailplatform.common.grpc.mailbox.ListAliasesRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * MailAlias → an alias in mailbox-store ({@code MailboxAliases} in aliases.proto). The contract has no update, so
 * changed targets are applied as delete + create of that one alias.
 */
public final class MailAliasReconciler extends StoreResourceReconciler<MailAlias, ReconcileStatus> {

    private static final int PAGE = 500;
    static final Duration DOMAIN_RETRY = Duration.ofSeconds(15);

    public MailAliasReconciler(KubernetesClient client, StoreStubs store, EventRecorder events) {
        super(client, store, events, ReconcileStatus::new);
    }

    @Override
    protected Outcome apply(MailAlias a, ReconcileStatus status) throws NotReady {
        String address = address(a);
        Set<String> wanted = normalized(a.getSpec().getTargets());
        if (wanted.isEmpty()) {
            throw new NotReady("InvalidSpec", "spec.targets needs at least one address", null);
        }
        String present = "alias " + address + " is in mailbox-store";
        try {
            Optional<Alias> current = find(address);
            if (current.isPresent() && normalized(current.get().getTargetsList()).equals(wanted)) {
                return Outcome.unchanged(present);
            }
            if (current.isPresent()) {
                store.aliases().deleteAlias(DeleteAliasRequest.newBuilder().setAddress(address).build());
            }
            store.aliases().createAlias(Alias.newBuilder().setAddress(address)
                    .addAllTargets(a.getSpec().getTargets().stream().map(String::trim).distinct().toList()).build());
            return Outcome.changed(present, current.isPresent() ? "Updated" : "Created",
                    "alias " + address + " -> " + String.join(", ", wanted));
        } catch (StatusRuntimeException e) {
            if (StoreStubs.is(e, Status.Code.NOT_FOUND) || StoreStubs.is(e, Status.Code.FAILED_PRECONDITION)) {
                throw new NotReady("DomainNotFound", StoreStubs.describe(e), DOMAIN_RETRY);
            }
            throw StoreStubs.invalidOrRethrow(e);
        }
    }

    private Optional<Alias> find(String address) {
        String domain = address.substring(address.indexOf('@') + 1);
        for (int offset = 0;; offset += PAGE) {
            AliasPage page = store.aliases().listAliases(ListAliasesRequest.newBuilder()
                    .setDomain(domain).setOffset(offset).setLimit(PAGE).build());
            Optional<Alias> hit = page.getItemsList().stream()
                    .filter(x -> x.getAddress().equalsIgnoreCase(address)).findFirst();
            if (hit.isPresent() || page.getItemsCount() < PAGE) {
                return hit;
            }
        }
    }

    @Override
    protected String remove(MailAlias a) throws NotReady {
        String address = address(a);
        StoreStubs.deleteIfPresent(() -> store.aliases()
                .deleteAlias(DeleteAliasRequest.newBuilder().setAddress(address).build()));
        return "alias " + address + " removed from mailbox-store";
    }

    /** For comparison only: domains are case-insensitive, and the store folds local parts of its own addresses. */
    private static Set<String> normalized(Iterable<String> targets) {
        Set<String> out = new TreeSet<>();
        if (targets != null) {
            targets.forEach(t -> out.add(t.trim().toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static String address(MailAlias a) throws NotReady {
        String address = a.getSpec() == null ? null : a.getSpec().getAddress();
        if (address == null || address.indexOf('@') < 0) {
            throw new NotReady("InvalidSpec", "spec.address must be local@domain or @domain", null);
        }
        return address.trim();
    }
}
