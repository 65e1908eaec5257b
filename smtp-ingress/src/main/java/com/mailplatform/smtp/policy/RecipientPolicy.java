package com.mailplatform.smtp.policy;

import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientRequest;
import com.mailplatform.smtp.SmtpConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Decides each RCPT when it is given (ARCHITECTURE.md, "Accept"): a local recipient must exist, anything else is
 * relaying and needs a trusted client. Deciding here, not after DATA, is what keeps the platform from ever sending
 * a bounce to a forged sender for an unknown user (backscatter).
 */
@ApplicationScoped
public class RecipientPolicy {

    private static final Logger LOG = Logger.getLogger(RecipientPolicy.class);

    public record Decision(boolean accepted, String reply, String canonical) {
        static Decision accept(String canonical) {
            return new Decision(true, "250 2.1.5 Ok", canonical);
        }

        static Decision reject(String reply) {
            return new Decision(false, reply, null);
        }
    }

    @Inject
    @GrpcClient("mailbox-store")
    MailboxStore store;

    @Inject
    SmtpConfig config;

    private Mynetworks mynetworks;

    Mynetworks mynetworks() {
        if (mynetworks == null) {
            mynetworks = Mynetworks.parse(config.mynetworks().orElse(java.util.List.of()));
        }
        return mynetworks;
    }

    public boolean trusted(String clientAddress) {
        return mynetworks().contains(clientAddress);
    }

    public Uni<Decision> decide(MailAddress rcpt, String clientAddress) {
        return store.resolveRecipient(ResolveRecipientRequest.newBuilder().setAddress(rcpt.toString()).build())
                .ifNoItem().after(config.lookupTimeout()).fail()
                .map(reply -> switch (reply.getStatus()) {
                    case LOCAL_EXISTS -> Decision.accept(rcpt.toString());
                    case LOCAL_UNKNOWN -> Decision.reject("550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown");
                    case NOT_LOCAL -> trusted(clientAddress)
                            ? Decision.accept(rcpt.toString())
                            : Decision.reject("554 5.7.1 <" + rcpt + ">: Relay access denied");
                    case UNRECOGNIZED -> Decision.reject("451 4.3.0 <" + rcpt + ">: Temporary lookup failure");
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("recipient look-up for %s failed: %s", rcpt, e.toString());
                    return Decision.reject("451 4.3.0 <" + rcpt + ">: Temporary lookup failure");
                });
    }
}
