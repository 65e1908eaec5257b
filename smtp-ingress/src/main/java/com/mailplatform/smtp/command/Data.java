package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.SmtpState;
import com.mailplatform.smtp.parse.DataReader;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.response.Replies;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * RFC 5321 section 4.1.1.4: 354, the data lines (see {@link DataReader}), then {@link Cleanup} answers 250 only
 * once the message is queued durably. A refused DATA with a body pipelined behind it has the body swallowed
 * (the session's {@code dataRefused}), never run as commands.
 */
final class Data implements CommandHandler<SmtpCommand.Data> {

    @Override
    public Set<SmtpState> validIn() {
        return EnumSet.of(SmtpState.TRANSACTION);
    }

    @Override
    public String outOfState(SmtpState state) {
        return Replies.NEED_MAIL;
    }

    @Override
    public CompletionStage<?> handle(SmtpCommand.Data c, SmtpSession s) {
        String refusal = s.bdat() != null ? Replies.DATA_AFTER_BDAT
                : s.transaction().recipients.isEmpty() ? Replies.NO_VALID_RECIPIENTS
                : null;
        if (refusal != null) {
            s.reply(refusal);
            s.dataRefused();
        } else {
            s.startData(new DataReader(s.config().messageSizeLimit()));
            s.reply(Replies.START_DATA);
        }
        return s.done();
    }
}
