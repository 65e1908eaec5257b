package com.mailplatform.admin.api;

import com.mailplatform.admin.audit.AuditLog;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.common.grpc.mailbox.AccountUsage;
import com.mailplatform.common.grpc.mailbox.AccountUsageRequest;
import com.mailplatform.common.grpc.mailbox.DomainUsage;
import com.mailplatform.common.grpc.mailbox.DomainUsageRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAccountSettings;
import com.mailplatform.common.grpc.mailbox.SetAccountDisabledRequest;
import com.mailplatform.common.grpc.mailbox.SetAccountQuotaRequest;
import com.mailplatform.common.grpc.mailbox.SetDomainDefaultQuotaRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Quotas with current usage, and disabling accounts. An account's quota of 0 means its domain's default
 * applies; a domain default of 0 means no limit.
 */
@jakarta.enterprise.context.ApplicationScoped
public class Quotas {

    @Schema(name = "AccountUsage")
    public record AccountUsageView(String address, long quotaBytes, long effectiveQuotaBytes, long usedBytes, long messages, boolean disabled) {
        static AccountUsageView of(AccountUsage u) {
            return new AccountUsageView(u.getAddress(), u.getQuotaBytes(), u.getEffectiveQuotaBytes(), u.getUsedBytes(), u.getMessages(), u.getDisabled());
        }
    }

    @Schema(name = "DomainUsage")
    public record DomainUsageView(String domain, long defaultQuotaBytes, long accounts, long aliases, long usedBytes, long messages) {
        static DomainUsageView of(DomainUsage u) {
            return new DomainUsageView(u.getDomain(), u.getDefaultQuotaBytes(), u.getAccounts(), u.getAliases(), u.getUsedBytes(), u.getMessages());
        }
    }

    @Schema(name = "AccountQuota")
    public record AccountQuota(@Schema(required = true, description = "Bytes; 0 = the domain's default") Long quotaBytes) {
    }

    @Schema(name = "DomainQuota")
    public record DomainQuota(@Schema(required = true, description = "Bytes; 0 = no limit") Long defaultQuotaBytes) {
    }

    @Schema(name = "AccountDisabled")
    public record AccountDisabled(@Schema(required = true) Boolean disabled) {
    }

    @GrpcClient("mailbox-store")
    MailboxAccountSettings settings;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    public Uni<AccountUsageView> setAccountQuota(String address, AccountQuota body) {
        long quota = nonNegative("quotaBytes", Fields.body(body, "{\"quotaBytes\": 1048576}").quotaBytes());
        return changeAccount(address, "account.quota",
                a -> settings.setAccountQuota(SetAccountQuotaRequest.newBuilder().setAddress(a).setQuotaBytes(quota).build()));
    }

    public Uni<AccountUsageView> setDisabled(String address, AccountDisabled body) {
        Boolean disabled = Fields.body(body, "{\"disabled\": true}").disabled();
        if (disabled == null) {
            throw ProblemException.badRequest("field 'disabled' is required");
        }
        return changeAccount(address, disabled ? "account.disable" : "account.enable",
                a -> settings.setAccountDisabled(SetAccountDisabledRequest.newBuilder().setAddress(a).setDisabled(disabled).build()));
    }

    public Uni<DomainUsageView> domainUsage(String name) {
        String domain = Validate.domain("name", name);
        return settings.getDomainUsage(DomainUsageRequest.newBuilder().setDomain(domain).build()).map(DomainUsageView::of);
    }

    public Uni<DomainUsageView> setDomainQuota(String name, DomainQuota body) {
        String domain = Validate.domain("name", name);
        long quota = nonNegative("defaultQuotaBytes", Fields.body(body, "{\"defaultQuotaBytes\": 1048576}").defaultQuotaBytes());
        return domainUsage(domain).flatMap(before -> settings.setDomainDefaultQuota(SetDomainDefaultQuotaRequest.newBuilder()
                        .setDomain(domain).setDefaultQuotaBytes(quota).build())
                .map(DomainUsageView::of)
                .call(after -> audit.record(identity, "domain.quota", domain, before, after)));
    }

    public Uni<AccountUsageView> usage(String address) {
        String a = Validate.address("address", address);
        return settings.getAccountUsage(AccountUsageRequest.newBuilder().setAddress(a).build()).map(AccountUsageView::of);
    }

    private Uni<AccountUsageView> changeAccount(String address, String action, Function<String, Uni<AccountUsage>> change) {
        return usage(address).flatMap(before -> change.apply(before.address()).map(AccountUsageView::of)
                .call(after -> audit.record(identity, action, before.address(), before, after)));
    }

    private static long nonNegative(String field, Long value) {
        if (value == null) {
            throw ProblemException.badRequest("field '" + field + "' is required");
        }
        if (value < 0) {
            throw ProblemException.badRequest("field '" + field + "' must be 0 or more");
        }
        return value;
    }
}
