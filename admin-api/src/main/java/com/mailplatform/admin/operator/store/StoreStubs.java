package com.mailplatform.admin.operator.store;

import com.mailplatform.common.grpc.mailbox.MailboxAccountSettingsGrpc;
import com.mailplatform.common.grpc.mailbox.MailboxAdminGrpc;
import com.mailplatform.common.grpc.mailbox.MailboxAliasesGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The blocking mailbox-store clients the reconcilers use (they run on their own worker threads, never on an event
 * loop), each call with a deadline so that a hung store turns into a retry instead of a stuck controller.
 */
public record StoreStubs(MailboxAdminGrpc.MailboxAdminBlockingStub adminStub,
        MailboxAliasesGrpc.MailboxAliasesBlockingStub aliasesStub,
        MailboxAccountSettingsGrpc.MailboxAccountSettingsBlockingStub settingsStub, Duration deadline) {

    public MailboxAdminGrpc.MailboxAdminBlockingStub admin() {
        return adminStub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public MailboxAccountSettingsGrpc.MailboxAccountSettingsBlockingStub settings() {
        return settingsStub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public MailboxAliasesGrpc.MailboxAliasesBlockingStub aliases() {
        return aliasesStub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static boolean is(StatusRuntimeException e, Status.Code code) {
        return e.getStatus().getCode() == code;
    }

    /** The store's own explanation (it names the field and the rule), or the code when it gave none. */
    public static String describe(StatusRuntimeException e) {
        String d = e.getStatus().getDescription();
        return d == null || d.isBlank() ? "mailbox-store answered " + e.getStatus().getCode() : d;
    }

    /**
     * INVALID_ARGUMENT (bad address, weak password) is the user's to fix: Ready=False without retry until the spec
     * changes. Anything else is rethrown for the controller's backoff.
     */
    public static NotReady invalidOrRethrow(StatusRuntimeException e) {
        if (is(e, Status.Code.INVALID_ARGUMENT)) {
            return new NotReady("InvalidSpec", describe(e), null);
        }
        throw e;
    }

    /** Runs a delete; NOT_FOUND (already gone) and INVALID_ARGUMENT (could never have been stored) count as done. */
    public static void deleteIfPresent(Runnable delete) {
        try {
            delete.run();
        } catch (StatusRuntimeException e) {
            if (!is(e, Status.Code.NOT_FOUND) && !is(e, Status.Code.INVALID_ARGUMENT)) {
                throw e;
            }
        }
    }
}
