package com.mailplatform.admin.operator.store;

import com.mailplatform.admin.operator.controller.EventRecorder;
import com.mailplatform.admin.operator.crd.MailAccount;
import com.mailplatform.admin.operator.crd.MailDomain;
import com.mailplatform.common.grpc.mailbox.Account;
import com.mailplatform.common.grpc.mailbox.CreateAccountRequest;
import com.mailplatform.common.grpc.mailbox.DeleteAccountRequest;
import com.mailplatform.common.grpc.mailbox.GetAccountRequest;
import com.mailplatform.common.grpc.mailbox.SetAccountQuotaRequest;
import com.mailplatform.common.grpc.mailbox.SetPasswordRequest;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * MailAccount → an account in mailbox-store, its password read from the referenced Secret. The store keeps only
 * a hash; status records the Secret's resourceVersion, so a changed Secret resets the password exactly once.
 * Deleting the MailAccount deletes the account with its mail (as {@code DELETE /api/v1/accounts/{address}} does).
 */
public final class MailAccountReconciler extends StoreResourceReconciler<MailAccount, MailAccount.Status> {

    public static final String DEFAULT_KEY = "password";
    /** A Secret or domain created after the account is picked up at this pace (Secrets are also watched). */
    static final Duration DEPENDENCY_RETRY = Duration.ofSeconds(15);

    public MailAccountReconciler(KubernetesClient client, StoreStubs store, EventRecorder events) {
        super(client, store, events, MailAccount.Status::new);
    }

    /** Keys ("namespace/name") of the cached accounts that reference a Secret, for the Secret watch. */
    public static List<String> referencing(Secret secret, List<MailAccount> accounts) {
        String ns = secret.getMetadata().getNamespace();
        String name = secret.getMetadata().getName();
        return accounts.stream()
                .filter(a -> Objects.equals(ns, a.getMetadata().getNamespace()) && a.getSpec() != null
                        && a.getSpec().getPasswordSecretRef() != null
                        && name.equals(a.getSpec().getPasswordSecretRef().getName()))
                .map(a -> ns + "/" + a.getMetadata().getName())
                .toList();
    }

    /** Keys of the cached accounts in a domain, for the MailDomain watch (a domain arriving heals them). */
    public static List<String> inDomain(MailDomain domain, List<MailAccount> accounts) {
        String name = domain.getSpec() == null ? null : domain.getSpec().getName();
        if (name == null) {
            return List.of();
        }
        return accounts.stream()
                .filter(a -> a.getSpec() != null && a.getSpec().getAddress() != null
                        && a.getSpec().getAddress().toLowerCase(Locale.ROOT).endsWith("@" + name.toLowerCase(Locale.ROOT)))
                .map(a -> a.getMetadata().getNamespace() + "/" + a.getMetadata().getName())
                .toList();
    }

    @Override
    protected Outcome apply(MailAccount a, MailAccount.Status status) throws NotReady {
        String address = address(a);
        Secret secret = secret(a);
        String password = password(a, secret);
        String secretVersion = secret.getMetadata().getResourceVersion();
        String present = "account " + address + " is in mailbox-store";
        Account account;
        Outcome outcome;
        try {
            account = store.admin().getAccount(GetAccountRequest.newBuilder().setAddress(address).build());
            if (Objects.equals(secretVersion, status.getPasswordSecretVersion())) {
                outcome = Outcome.unchanged(present);
            } else {
                account = store.admin().setPassword(SetPasswordRequest.newBuilder()
                        .setAddress(address).setPassword(password).build());
                outcome = Outcome.changed(present, "PasswordSet", "password of " + address + " set from Secret "
                        + secret.getMetadata().getName());
            }
        } catch (StatusRuntimeException e) {
            if (!StoreStubs.is(e, Status.Code.NOT_FOUND)) {
                throw StoreStubs.invalidOrRethrow(e);
            }
            account = create(a, address, password);
            outcome = Outcome.changed(present, "Created", "account " + address + " created in mailbox-store");
        }
        long quota = quota(a);
        if (account.getQuotaBytes() != quota) {
            // Level-based like the password: the spec's quota is what the store must have (0: the domain's default).
            try {
                store.settings().setAccountQuota(SetAccountQuotaRequest.newBuilder().setAddress(address).setQuotaBytes(quota).build());
            } catch (StatusRuntimeException e) {
                throw StoreStubs.invalidOrRethrow(e);
            }
            outcome = outcome.change().isPresent() ? outcome : Outcome.changed(present, "QuotaSet", "quota of " + address + " set to "
                    + (quota == 0 ? "the domain's default" : quota + " bytes"));
        }
        status.setPasswordSecretVersion(secretVersion);
        status.setUsedBytes(account.getUsedBytes());
        return outcome;
    }

    private Account create(MailAccount a, String address, String password) throws NotReady {
        long quota = quota(a);
        try {
            return store.admin().createAccount(CreateAccountRequest.newBuilder()
                    .setAddress(address).setPassword(password).setQuotaBytes(quota).build());
        } catch (StatusRuntimeException e) {
            if (StoreStubs.is(e, Status.Code.NOT_FOUND)) {
                // The store's "domain ... does not exist; create it first": a MailDomain may still be on its way.
                throw new NotReady("DomainNotFound", StoreStubs.describe(e), DEPENDENCY_RETRY);
            }
            throw StoreStubs.invalidOrRethrow(e);
        }
    }

    private static long quota(MailAccount a) {
        return a.getSpec().getQuotaBytes() == null ? 0 : a.getSpec().getQuotaBytes();
    }

    @Override
    protected String remove(MailAccount a) throws NotReady {
        String address = address(a);
        StoreStubs.deleteIfPresent(() -> store.admin()
                .deleteAccount(DeleteAccountRequest.newBuilder().setAddress(address).build()));
        return "account " + address + " and its mail removed from mailbox-store";
    }

    private Secret secret(MailAccount a) throws NotReady {
        MailAccount.SecretKeyRef ref = a.getSpec().getPasswordSecretRef();
        if (ref == null || ref.getName() == null || ref.getName().isBlank()) {
            throw new NotReady("InvalidSpec", "spec.passwordSecretRef.name is required", null);
        }
        Secret s = client.secrets().inNamespace(a.getMetadata().getNamespace()).withName(ref.getName()).get();
        if (s == null) {
            throw new NotReady("SecretNotFound", "Secret " + ref.getName() + " not found in namespace "
                    + a.getMetadata().getNamespace(), DEPENDENCY_RETRY);
        }
        return s;
    }

    private static String password(MailAccount a, Secret s) throws NotReady {
        MailAccount.SecretKeyRef ref = a.getSpec().getPasswordSecretRef();
        String key = ref.getKey() == null || ref.getKey().isBlank() ? DEFAULT_KEY : ref.getKey();
        String value = decode(s.getData(), key);
        if (value == null) {
            // stringData is write-only on a real API server, but clients and test servers may leave it in place.
            value = s.getStringData() == null ? null : s.getStringData().get(key);
        }
        if (value == null || value.isEmpty()) {
            throw new NotReady("SecretKeyMissing", "Secret " + ref.getName() + " has no key " + key, DEPENDENCY_RETRY);
        }
        return value;
    }

    private static String decode(Map<String, String> data, String key) throws NotReady {
        if (data == null || data.get(key) == null) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new NotReady("SecretKeyMissing", "key " + key + " of the Secret is not valid base64", null);
        }
    }

    private static String address(MailAccount a) throws NotReady {
        String address = a.getSpec() == null ? null : a.getSpec().getAddress();
        if (address == null || address.isBlank()) {
            throw new NotReady("InvalidSpec", "spec.address is required", null);
        }
        return address;
    }

}
