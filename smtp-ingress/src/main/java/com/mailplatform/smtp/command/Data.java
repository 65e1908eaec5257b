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
        if (s.envelope() == null) {
            s.reply("503 5.5.1 Error: need MAIL command");
        } else if (s.bdat() != null) {
            s.reply("503 5.5.1 Error: DATA after BDAT (RFC 3030 section 2)");
        } else if (s.envelope().recipients.isEmpty()) {
            s.reply("554 5.5.1 Error: no valid recipients");
        } else if (!c.argument().isEmpty()) {
            s.reply("501 5.5.4 Syntax: DATA");
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
