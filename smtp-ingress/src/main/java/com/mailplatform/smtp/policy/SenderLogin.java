package com.mailplatform.smtp.policy;

import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.grpc.mailbox.ExpandRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAliases;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * Postfix's reject_sender_login_mismatch for submission: an authenticated user may send as its own address or as
 * an alias that leads to it, nobody else (RFC 6409 section 8.1 lets a submission server check this).
 */
@ApplicationScoped
public class SenderLogin {

    @Inject
    @GrpcClient("mailbox-store")
    MailboxAliases aliases;

    public Uni<Boolean> owns(String account, MailAddress sender) {
        if (sender == null) {
            return Uni.createFrom().item(false);
        }
        String acct = account.toLowerCase(Locale.ROOT);
        if (sender.key().equals(acct)) {
            return Uni.createFrom().item(true);
        }
        return aliases.expand(ExpandRequest.newBuilder().setAddress(sender.toString()).build())
                .map(reply -> reply.getRecipientsList().stream().anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(acct)))
                .onFailure(e -> e instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED)
                .recoverWithItem(false);
    }
}
