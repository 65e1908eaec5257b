package com.mailplatform.gateway.pop3.command;

import com.mailplatform.common.grpc.mailbox.ExpungeMessagesRequest;
import com.mailplatform.gateway.pop3.Maildrop;
import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * QUIT (RFC 1939 sections 4 and 6). In TRANSACTION it enters UPDATE: the marked messages are expunged, the lease is
 * released (before the reply, so the client can reconnect at once), then the connection closes.
 */
final class Quit implements CommandHandler<Pop3Command.Quit> {

    private static final Logger LOG = Logger.getLogger(Quit.class);

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.AUTHORIZATION, Pop3Session.State.TRANSACTION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.Quit command, Pop3Session session) {
        if (session.state() == Pop3Session.State.AUTHORIZATION) {
            return session.okAndClose("POP3 server signing off");
        }
        session.enterUpdate();
        Maildrop md = session.maildrop();
        java.util.List<Long> uids = md.deletedUids();
        CompletionStage<Throwable> update = uids.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : session.call(session.store().expungeMessages(ExpungeMessagesRequest.newBuilder()
                                .setAccount(md.account()).setMailbox("").addAllUids(uids).build()))
                        .handle((reply, error) -> {
                            if (error == null) {
                                session.expunged(reply.getExpunged());
                            }
                            return error;
                        });
        return update.thenCompose(error -> session.releaseMaildrop().thenCompose(v -> {
            if (error != null) {
                // RFC 1939 section 6: the deletions may not all have happened; say so
                LOG.warnf("pop3 session=%s update failed: %s", session.id(), error.toString());
                return session.errAndClose("[SYS/TEMP] some deleted messages not removed");
            }
            int left = md.liveCount();
            LOG.infof("pop3 session=%s logout deleted=%d left=%d", session.id(), uids.size(), left);
            return session.okAndClose("POP3 server signing off (" + (left == 0 ? "maildrop empty" : left + " messages left") + ")");
        }));
    }
}
