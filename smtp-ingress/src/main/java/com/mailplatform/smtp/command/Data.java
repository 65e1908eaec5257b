package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.DataReader;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.4: 354, the data lines (see {@link DataReader}), then 250 only once queued durably. */
public final class Data implements CommandHandler {

    private final EndOfMessage end;

    Data(EndOfMessage end) {
        this.end = end;
    }

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        String refusal = s.envelope() == null ? "503 5.5.1 Error: need MAIL command"
                : s.bdat() != null ? "503 5.5.1 Error: DATA after BDAT (RFC 3030 section 2)"
                : s.envelope().recipients.isEmpty() ? "554 5.5.1 Error: no valid recipients"
                : !c.argument().isEmpty() ? "501 5.5.4 Syntax: DATA"
                : null;
        if (refusal != null) {
            s.reply(refusal);
            s.dataRefused();
        } else {
            s.startData(new DataReader(s.config().messageSizeLimit()));
            s.reply("354 End data with <CR><LF>.<CR><LF>");
        }
        return s.done();
    }

    /** Called by the session at the end marker. */
    public CompletionStage<?> finish(SmtpSession s, DataReader reader) {
        return end.finish(s, reader);
    }
}
