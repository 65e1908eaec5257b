package com.mailplatform.admin.operator;

import com.mailplatform.admin.operator.controller.Controller;
import com.mailplatform.admin.operator.controller.EventRecorder;
import com.mailplatform.admin.operator.crd.MailAccount;
import com.mailplatform.admin.operator.crd.MailAlias;
import com.mailplatform.admin.operator.crd.MailDomain;
import com.mailplatform.admin.operator.crd.MailPlatform;
import com.mailplatform.admin.operator.platform.MailPlatformReconciler;
import com.mailplatform.admin.operator.platform.PlatformObjects;
import com.mailplatform.admin.operator.store.MailAccountReconciler;
import com.mailplatform.admin.operator.store.MailAliasReconciler;
import com.mailplatform.admin.operator.store.MailDomainReconciler;
import com.mailplatform.admin.operator.store.StoreStubs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The four controllers, wired without CDI so that tests (and the e2e test JVM) run exactly this code against a
 * mock API server: MailDomain (also woken by its MailAccounts), MailAccount (also woken by labelled password
 * Secrets and by MailDomains), MailAlias and MailPlatform (also woken by the Deployments it owns).
 */
public final class Operator implements AutoCloseable {

    /** Secrets carrying this label wake the MailAccounts that reference them at once (others: at resync). */
    public static final String PASSWORD_SECRET_LABEL = "mail.mailplatform.com/password";

    private final List<Controller<?>> controllers = new ArrayList<>();
    private final Optional<String> namespace;

    private Operator(Optional<String> namespace) {
        this.namespace = namespace;
    }

    public static Operator start(KubernetesClient client, StoreStubs store, Optional<String> namespace,
            Duration resync, String identity) {
        Operator op = new Operator(namespace);
        EventRecorder events = new EventRecorder(client, identity);
        try {
            Controller<MailDomain> domains = new Controller<>("maildomain", op.scope(client.resources(MailDomain.class)),
                    new MailDomainReconciler(client, store, events), resync).start();
            op.controllers.add(domains);
            Controller<MailAccount> accounts = new Controller<>("mailaccount", op.scope(client.resources(MailAccount.class)),
                    new MailAccountReconciler(client, store, events), resync).start();
            op.controllers.add(accounts);
            accounts.watch(op.scope(client.secrets()).withLabel(PASSWORD_SECRET_LABEL),
                    s -> MailAccountReconciler.referencing(s, accounts.cached()));
            accounts.watch(op.scope(client.resources(MailDomain.class)), d -> MailAccountReconciler.inDomain(d, accounts.cached()));
            // A domain waiting to be deleted (DomainInUse) goes as soon as its last account has.
            domains.watch(op.scope(client.resources(MailAccount.class)), a -> MailDomainReconciler.of(a, domains.cached()));
            op.controllers.add(new Controller<>("mailalias", op.scope(client.resources(MailAlias.class)),
                    new MailAliasReconciler(client, store, events), resync).start());
            Controller<MailPlatform> platforms = new Controller<>("mailplatform", op.scope(client.resources(MailPlatform.class)),
                    new MailPlatformReconciler(client, events), resync).start();
            op.controllers.add(platforms);
            platforms.watch(op.scope(client.apps().deployments())
                    .withLabel("app.kubernetes.io/managed-by", PlatformObjects.MANAGED_BY), MailPlatformReconciler::owners);
        } catch (RuntimeException e) {
            op.close();
            throw e;
        }
        return op;
    }

    private <T extends HasMetadata, L extends KubernetesResourceList<T>, R extends Resource<T>> FilterWatchListDeletable<T, L, R> scope(
            MixedOperation<T, L, R> op) {
        return namespace.isPresent() ? op.inNamespace(namespace.get()) : op.inAnyNamespace();
    }

    @Override
    public void close() {
        controllers.forEach(Controller::close);
        controllers.clear();
    }
}
