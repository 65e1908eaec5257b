package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.BdatReader;
import com.mailplatform.smtp.parse.SmtpCommand;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * RFC 3030 CHUNKING: {@code BDAT size [LAST]}. The chunk's bytes are always read, even when the transaction is
 * refused, because the client sends them without waiting (section 2); the error is given after them.
 */
public final class Bdat implements CommandHandler {

    private final EndOfMessage end;

    Bdat(EndOfMessage end) {
        this.end = end;
    }

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        String[] parts = c.argument().split(" ");
        boolean last = parts.length == 2 && parts[1].toUpperCase(Locale.ROOT).equals("LAST");
        if (parts.length == 0 || parts.length > 2 || !parts[0].matches("[0-9]{1,18}") || (parts.length == 2 && !last)) {
            // Without a size we cannot know where the chunk ends: the only safe answer is to hang up.
            s.close("501 5.5.4 Syntax: BDAT size [LAST]");
            return s.done();
        }
        long size = Long.parseLong(parts[0]);
        BdatReader reader = s.bdat();
        if (reader == null) {
            reader = new BdatReader(s.config().messageSizeLimit());
            if (s.envelope() == null) {
                reader.refuse("503 5.5.1 Error: need MAIL command");
            } else if (s.envelope().recipients.isEmpty()) {
                reader.refuse("554 5.5.1 Error: no valid recipients");
            }
        }
        s.expectChunk(reader, size, last);
        if (size == 0) {
            return chunkDone(s);
        }
        return s.done();
    }

    /** Called by the session when all bytes of the current chunk are in. */
    public CompletionStage<?> chunkDone(SmtpSession s) {
        BdatReader reader = s.bdat();
        if (!s.bdatLast()) {
            if (reader.error() != null && reader.refused()) {
                s.reply(reader.error());
                s.resetTransaction();
            } else {
                s.reply("250 2.0.0 Ok: " + reader.size() + " octets received");
            }
            return s.done();
        }
        reader.finish();
        return end.finish(s, reader);
    }
}
