package com.mailplatform.store.grpc;

import com.mailplatform.common.grpc.mailbox.AccountUsage;
import com.mailplatform.common.grpc.mailbox.AccountUsageRequest;
import com.mailplatform.common.grpc.mailbox.DomainUsage;
import com.mailplatform.common.grpc.mailbox.DomainUsageRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAccountSettings;
import com.mailplatform.common.grpc.mailbox.SetAccountDisabledRequest;
import com.mailplatform.common.grpc.mailbox.SetAccountQuotaRequest;
import com.mailplatform.common.grpc.mailbox.SetDomainDefaultQuotaRequest;
import com.mailplatform.store.delivery.AccountRef;
import com.mailplatform.store.quota.Usage;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.Locale;

/** Quotas, usage and the disabled flag (account_settings.proto). */
@GrpcService
public class MailboxAccountSettingsGrpcService implements MailboxAccountSettings {

    private final Usage usage;

    public MailboxAccountSettingsGrpcService(Usage usage) {
        this.usage = usage;
    }

    @Override
    public Uni<AccountUsage> setAccountQuota(SetAccountQuotaRequest request) {
        if (request.getQuotaBytes() < 0) {
            return Uni.createFrom().failure(invalid("quota must be 0 (the domain's default) or a positive number of bytes"));
        }
        return ref(request.getAddress()).flatMap(ref -> usage.setAccountQuota(ref, request.getQuotaBytes()));
    }

    @Override
    public Uni<AccountUsage> setAccountDisabled(SetAccountDisabledRequest request) {
        return ref(request.getAddress()).flatMap(ref -> usage.setDisabled(ref, request.getDisabled()));
    }

    @Override
    public Uni<AccountUsage> getAccountUsage(AccountUsageRequest request) {
        return ref(request.getAddress()).flatMap(usage::account);
    }

    @Override
    public Uni<DomainUsage> setDomainDefaultQuota(SetDomainDefaultQuotaRequest request) {
        if (request.getDefaultQuotaBytes() < 0) {
            return Uni.createFrom().failure(invalid("default quota must be 0 (no limit) or a positive number of bytes"));
        }
        return usage.setDomainDefault(domain(request.getDomain()), request.getDefaultQuotaBytes());
    }

    @Override
    public Uni<DomainUsage> getDomainUsage(DomainUsageRequest request) {
        return usage.domain(domain(request.getDomain()));
    }

    private static Uni<AccountRef> ref(String address) {
        AccountRef ref = AccountRef.orNull(address);
        return ref == null ? Uni.createFrom().failure(invalid("invalid address '" + address + "'")) : Uni.createFrom().item(ref);
    }

    private static String domain(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static RuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
