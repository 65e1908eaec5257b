package com.mailplatform.admin.api;

import com.mailplatform.common.grpc.mailbox.Account;
import com.mailplatform.common.grpc.mailbox.Domain;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** JSON bodies of the v1 API. Kept apart from the protobuf messages so the REST contract can evolve on its own. */
public final class Dtos {

    private Dtos() {
    }

    @Schema(name = "DomainCreate")
    public record DomainCreate(@Schema(required = true, examples = "example.test") String name) {
    }

    @Schema(name = "Domain")
    public record DomainView(String name, Instant createdAt) {
        static DomainView of(Domain d) {
            return new DomainView(d.getName(), instant(d.getCreatedMillis()));
        }
    }

    @Schema(name = "AccountCreate")
    public record AccountCreate(
            @Schema(required = true, examples = "demo@example.test") String address,
            @Schema(format = "password", writeOnly = true, description = "Required unless passwordHash is given") String password,
            @Schema(description = "Quota in bytes; 0 or absent means mailbox-store's default") Long quotaBytes,
            @Schema(writeOnly = true, examples = "{SHA512-CRYPT}$6$...", description = "Instead of password: an existing hash in"
                    + " Dovecot's {SCHEME} syntax (BLF-CRYPT, SHA512-CRYPT, SHA256-CRYPT, ARGON2ID, ARGON2I, PBKDF2, SSHA512, ...);"
                    + " rewritten as {BLF-CRYPT} at the account's next login") String passwordHash) {
        @Override
        public String toString() { // never let a password reach a log line
            return "AccountCreate[address=" + address + ", quotaBytes=" + quotaBytes + "]";
        }
    }

    @Schema(name = "PasswordChange")
    public record PasswordChange(@Schema(format = "password", writeOnly = true, description = "Required unless passwordHash is given") String password,
                                 @Schema(writeOnly = true, description = "Instead of password: a hash in Dovecot's {SCHEME} syntax") String passwordHash) {
        @Override
        public String toString() {
            return "PasswordChange[***]";
        }
    }

    @Schema(name = "Account")
    public record AccountView(String address, long quotaBytes, long usedBytes, boolean disabled, Instant createdAt) {
        static AccountView of(Account a) {
            return new AccountView(a.getAddress(), a.getQuotaBytes(), a.getUsedBytes(), a.getDisabled(), instant(a.getCreatedMillis()));
        }
    }

    @Schema(name = "DomainPage")
    public record DomainPage(List<DomainView> items, long total, int offset, int limit) {
    }

    @Schema(name = "AccountPage")
    public record AccountPage(List<AccountView> items, long total, int offset, int limit) {
    }

    /** proto3 has no null: 0 means the store did not say. */
    static Instant instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }
}
