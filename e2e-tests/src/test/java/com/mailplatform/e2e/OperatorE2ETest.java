package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.admin.operator.Operator;
import com.mailplatform.admin.operator.controller.Conditions;
import com.mailplatform.admin.operator.crd.CrdFiles;
import com.mailplatform.admin.operator.crd.Crds;
import com.mailplatform.admin.operator.crd.MailAccount;
import com.mailplatform.admin.operator.crd.MailAlias;
import com.mailplatform.admin.operator.crd.MailDomain;
import com.mailplatform.admin.operator.crd.ReconcileStatus;
import com.mailplatform.admin.operator.store.StoreStubs;
import com.mailplatform.common.grpc.mailbox.ExpandRequest;
import com.mailplatform.common.grpc.mailbox.AccountUsageRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAccountSettingsGrpc;
import com.mailplatform.common.grpc.mailbox.MailboxAdminGrpc;
import com.mailplatform.common.grpc.mailbox.MailboxAliasesGrpc;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes operator's reconcilers (the same code admin-api runs in a cluster) against the fabric8 mock API
 * server in CRUD mode, writing into the SharedStack's real mailbox-store over gRPC; the results are checked with
 * real clients: Python's poplib logs in with the password taken from the Secret.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorE2ETest {

    static KubernetesClient client;
    private static final String NS = "mail";
    private static final String DOMAIN = "operator.e2e.test";
    private static ManagedChannel channel;
    private static Operator operator;

    @BeforeAll
    static void start() throws Exception {
        int storePort = SharedStack.get().ports().storeGrpc();
        CrdFiles.install(client, Path.of("../k8s/base/crds"));
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", storePort).usePlaintext().build();
        operator = Operator.start(client, new StoreStubs(MailboxAdminGrpc.newBlockingStub(channel),
                MailboxAliasesGrpc.newBlockingStub(channel), MailboxAccountSettingsGrpc.newBlockingStub(channel), Duration.ofSeconds(10)), Optional.of(NS), Duration.ofMinutes(5), "e2e");
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    @Test
    void mailAccountCustomResourceBecomesAnAccountThatLogsInOverPop3() throws Exception {
        // Created before its domain and its Secret: reported, then healed when they arrive (level-based).
        client.resource(account("carol", "carol@" + DOMAIN, "carol-password")).create();
        Condition waiting = awaitReady(MailAccount.class, "carol", "False");
        assertEquals("SecretNotFound", waiting.getReason(), waiting.getMessage());
        client.resource(secret("carol-password", "first-Passw0rd-1")).create();
        waiting = await(() -> ready(MailAccount.class, "carol"), c -> c != null && "DomainNotFound".equals(c.getReason()), "DomainNotFound");
        assertTrue(waiting.getMessage().contains(DOMAIN), waiting.getMessage());

        client.resource(domain("operator-domain", DOMAIN)).create();
        assertEquals("True", awaitReady(MailDomain.class, "operator-domain", "True").getStatus());
        Condition ready = awaitReady(MailAccount.class, "carol", "True");
        assertEquals("Provisioned", ready.getReason());
        MailAccount carol = get(MailAccount.class, "carol");
        assertEquals(carol.getMetadata().getGeneration(), carol.getStatus().getObservedGeneration());
        assertTrue(carol.hasFinalizer(Crds.STORE_FINALIZER));
        assertEquals(client.secrets().inNamespace(NS).withName("carol-password").get().getMetadata().getResourceVersion(),
                carol.getStatus().getPasswordSecretVersion());
        awaitEvent(carol, "Normal", "Created");
        awaitEvent(carol, "Warning", "SecretNotFound");

        // The acceptance criterion: the account logs in over POP3 (Python's poplib against the real gateway).
        pop("login", "carol@" + DOMAIN, "first-Passw0rd-1");

        // A changed quotaBytes reaches the store (it used to be applied only at creation); back to 0: the domain's default.
        assertEquals(0, quota("carol@" + DOMAIN));
        client.resources(MailAccount.class).inNamespace(NS).withName("carol").edit(x -> {
            x.getSpec().setQuotaBytes(5_000_000L);
            return x;
        });
        await(() -> quota("carol@" + DOMAIN), q -> q == 5_000_000L, "quota applied");
        awaitEvent(carol, "Normal", "QuotaSet");
        client.resources(MailAccount.class).inNamespace(NS).withName("carol").edit(x -> {
            x.getSpec().setQuotaBytes(null);
            return x;
        });
        await(() -> quota("carol@" + DOMAIN), q -> q == 0L, "quota back to the domain's default");

        // A new password in the (labelled, hence watched) Secret reaches the store; the old one stops working.
        String before = carol.getStatus().getPasswordSecretVersion();
        client.secrets().inNamespace(NS).withName("carol-password").edit(s -> {
            s.setData(Map.of("password", b64("second-Passw0rd-2")));
            return s;
        });
        await(() -> get(MailAccount.class, "carol"), a -> !before.equals(a.getStatus().getPasswordSecretVersion()), "password reset");
        pop("login", "carol@" + DOMAIN, "second-Passw0rd-2");
        pop("login-fails", "carol@" + DOMAIN, "first-Passw0rd-1");

        // While the account exists the domain cannot go: it waits (finalizer kept) and says why.
        client.resources(MailDomain.class).inNamespace(NS).withName("operator-domain").delete();
        Condition inUse = await(() -> ready(MailDomain.class, "operator-domain"), c -> c != null && "DomainInUse".equals(c.getReason()), "DomainInUse");
        assertEquals("False", inUse.getStatus());

        // Deleting the MailAccount deletes the account (finalizer), then the object; the login fails from then on.
        client.resources(MailAccount.class).inNamespace(NS).withName("carol").delete();
        await(() -> get(MailAccount.class, "carol"), a -> a == null, "MailAccount carol gone");
        pop("login-fails", "carol@" + DOMAIN, "second-Passw0rd-2");
        await(() -> get(MailDomain.class, "operator-domain"), d -> d == null, "MailDomain gone once empty");
    }

    @Test
    void mailAliasCustomResourceBecomesAnAliasTheStoreExpands() throws Exception {
        String domain = "alias." + DOMAIN;
        client.resource(domain("alias-domain", domain)).create();
        awaitReady(MailDomain.class, "alias-domain", "True");
        MailAlias alias = new MailAlias();
        alias.getMetadata().setName("sales");
        alias.getMetadata().setNamespace(NS);
        alias.setSpec(new MailAlias.Spec());
        alias.getSpec().setAddress("sales@" + domain);
        alias.getSpec().setTargets(List.of(SharedStack.USER, "partner@remote.example"));
        client.resource(alias).create();
        assertEquals("Provisioned", awaitReady(MailAlias.class, "sales", "True").getReason());
        awaitEvent(get(MailAlias.class, "sales"), "Normal", "Created");
        assertEquals(List.of(SharedStack.USER, "partner@remote.example"), expand("sales@" + domain));

        // Changed targets are applied; the store expands to the new set.
        client.resources(MailAlias.class).inNamespace(NS).withName("sales").edit(a -> {
            a.getSpec().setTargets(List.of(SharedStack.USER));
            return a;
        });
        await(() -> expand("sales@" + domain), t -> t.equals(List.of(SharedStack.USER)), "alias updated in the store");

        client.resources(MailAlias.class).inNamespace(NS).withName("sales").delete();
        await(() -> get(MailAlias.class, "sales"), a -> a == null, "MailAlias gone");
        // The contract: an address that is not an alias expands to itself.
        assertEquals(List.of("sales@" + domain), expand("sales@" + domain));
        client.resources(MailDomain.class).inNamespace(NS).withName("alias-domain").delete();
        await(() -> get(MailDomain.class, "alias-domain"), d -> d == null, "MailDomain gone");
    }

    private static long quota(String address) {
        return MailboxAccountSettingsGrpc.newBlockingStub(channel)
                .getAccountUsage(AccountUsageRequest.newBuilder().setAddress(address).build()).getQuotaBytes();
    }

    private static List<String> expand(String address) {
        return MailboxAliasesGrpc.newBlockingStub(channel).expand(ExpandRequest.newBuilder().setAddress(address).build())
                .getRecipientsList().stream().sorted().toList();
    }

    private static void pop(String cmd, String user, String password) throws Exception {
        SharedStack.python("operator_e2e.py", Map.of(), cmd, user, password);
    }

    private static MailDomain domain(String name, String domain) {
        MailDomain d = new MailDomain();
        d.getMetadata().setName(name);
        d.getMetadata().setNamespace(NS);
        d.setSpec(new MailDomain.Spec());
        d.getSpec().setName(domain);
        return d;
    }

    private static MailAccount account(String name, String address, String secret) {
        MailAccount a = new MailAccount();
        a.getMetadata().setName(name);
        a.getMetadata().setNamespace(NS);
        a.setSpec(new MailAccount.Spec());
        a.getSpec().setAddress(address);
        MailAccount.SecretKeyRef ref = new MailAccount.SecretKeyRef();
        ref.setName(secret);
        a.getSpec().setPasswordSecretRef(ref);
        return a;
    }

    private static Secret secret(String name, String password) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(Operator.PASSWORD_SECRET_LABEL, "true").endMetadata()
                .addToData("password", b64(password)).build();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Events are recorded after the change they report (a quota after the store's answer): polled, not read once. */
    private static void awaitEvent(HasMetadata about, String type, String reason) throws InterruptedException {
        await(() -> hasEvent(about, type, reason), Boolean::booleanValue, type + " event " + reason + " of " + about.getMetadata().getName());
    }

    private static boolean hasEvent(HasMetadata about, String type, String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .anyMatch(e -> about.getMetadata().getName().equals(e.getInvolvedObject().getName())
                        && about.getKind().equals(e.getInvolvedObject().getKind())
                        && type.equals(e.getType()) && reason.equals(e.getReason()));
    }

    private static <T extends CustomResource<?, ? extends ReconcileStatus>> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(NS).withName(name).get();
    }

    private static <T extends CustomResource<?, ? extends ReconcileStatus>> Condition ready(Class<T> type, String name) {
        T r = get(type, name);
        return r == null || r.getStatus() == null ? null : Conditions.find(r.getStatus().getConditions(), Conditions.READY).orElse(null);
    }

    private static <T extends CustomResource<?, ? extends ReconcileStatus>> Condition awaitReady(Class<T> type, String name,
            String status) throws InterruptedException {
        return await(() -> ready(type, name), c -> c != null && status.equals(c.getStatus()), type.getSimpleName() + " " + name + " Ready=" + status);
    }

    private static <T> T await(Supplier<T> get, Predicate<T> ok, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = get.get();
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: "
                + (last == null ? null : client.getKubernetesSerialization().asJson(last)));
    }
}
