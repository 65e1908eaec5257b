package com.mailplatform.gateway.pop3.command;

import com.mailplatform.common.grpc.mailbox.AuthenticateRequest;
import com.mailplatform.common.grpc.mailbox.ListMessagesRequest;
import com.mailplatform.common.grpc.mailbox.MessageInfo;
import com.mailplatform.gateway.pop3.Maildrop;
import com.mailplatform.common.protocol.AuthPenalty;
import com.mailplatform.gateway.pop3.Pop3Session;
import com.mailplatform.gateway.pop3.parse.Pop3Command;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * PASS string (RFC 1939 section 7): authenticate, lock the maildrop (section 8), take the snapshot, enter
 * TRANSACTION. Failures answer with RFC 2449 / RFC 3206 response codes.
 */
final class Pass implements CommandHandler<Pop3Command.Pass> {

    private static final Logger LOG = Logger.getLogger(Pass.class);

    @Override
    public Set<Pop3Session.State> validIn() {
        return EnumSet.of(Pop3Session.State.AUTHORIZATION);
    }

    @Override
    public CompletionStage<?> handle(Pop3Command.Pass command, Pop3Session session) {
        String user = session.takeUser();
        if (user == null) {
            session.err(Pop3Session.NOT_VALID_IN_STATE);
            return CommandHandler.done();
        }
        if (!session.authAllowed()) {
            session.err(User.PLAINTEXT_DISALLOWED);
            return CommandHandler.done();
        }
        // the service's penalty (anvil) first: per client address, so reconnecting does not reset it
        AuthPenalty.Verdict verdict = session.authAttempt(user);
        if (verdict.refused()) {
            return session.delay(verdict.delay()).thenCompose(v -> failed(session, user, false));
        }
        AuthenticateRequest request = AuthenticateRequest.newBuilder().setUsername(user).setPassword(command.password()).build();
        return session.delay(verdict.delay()).thenCompose(v -> session.call(session.store().authenticate(request))).handle((reply, error) -> {
            if (error != null) {
                LOG.warnf("pop3 session=%s authentication unavailable: %s", session.id(), error.toString());
                session.err("[SYS/TEMP] authentication service unavailable");
                return CommandHandler.done();
            }
            if (!reply.getOk()) {
                return failed(session, user, true);
            }
            session.authSucceeded(user);
            return open(session, reply.getAccount());
        }).thenCompose(stage -> stage);
    }

    /** The session ends after the configured number of failures; the delays are the penalty's. */
    private static CompletionStage<?> failed(Pop3Session session, String user, boolean checked) {
        int failures = session.authFailed(user, checked);
        if (failures >= session.config().maxAuthFailures()) {
            return session.errAndClose("[AUTH] authentication failed");
        }
        session.err("[AUTH] authentication failed");
        return CommandHandler.done();
    }

    private static CompletionStage<?> open(Pop3Session session, String account) {
        return session.acquireMaildrop(account).handle((acquired, error) -> {
            if (error != null) {
                session.err("[SYS/TEMP] unable to lock maildrop");
                return CommandHandler.done();
            }
            if (!acquired) {
                // RFC 2449 section 8.1.1: another session has the maildrop
                session.err("[IN-USE] maildrop already locked");
                return CommandHandler.done();
            }
            ListMessagesRequest list = ListMessagesRequest.newBuilder().setAccount(account).setMailbox("").build();
            return session.call(session.store().listMessages(list)).handle((reply, listError) -> {
                if (listError != null) {
                    LOG.warnf("pop3 session=%s listing failed: %s", session.id(), listError.toString());
                    session.releaseMaildrop();
                    session.err("[SYS/TEMP] unable to open maildrop");
                    return null;
                }
                java.util.List<Maildrop.Message> messages = new ArrayList<>(reply.getMessagesCount());
                for (MessageInfo m : reply.getMessagesList()) {
                    messages.add(new Maildrop.Message(m.getUid(), m.getSize()));
                }
                Maildrop maildrop = new Maildrop(account, reply.getMailboxId(), reply.getUidvalidity(), messages);
                session.enterTransaction(maildrop);
                session.ok("maildrop has " + maildrop.liveCount() + " messages (" + maildrop.liveOctets() + " octets)");
                return null;
            });
        }).thenCompose(stage -> stage);
    }
}
