package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.SmtpState;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One SMTP command. The session checks {@link #validIn()} and answers {@link #outOfState} itself; the returned
 * stage completes when the reply is written, and the next command waits for it.
 */
public interface CommandHandler<C extends SmtpCommand> {

    Set<SmtpState> ANY = EnumSet.allOf(SmtpState.class);

    default Set<SmtpState> validIn() {
        return ANY;
    }

    /** The 503 for this command in a state it is not valid in (RFC 5321 section 4.1.4). */
    default String outOfState(SmtpState state) {
        return "503 5.5.1 Error: bad sequence of commands";
    }

    CompletionStage<?> handle(C command, SmtpSession session);

    static CompletionStage<Void> reply(SmtpSession s, String reply) {
        s.reply(reply);
        return CompletableFuture.completedFuture(null);
    }
}
