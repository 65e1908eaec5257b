package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.Transaction;
import com.mailplatform.smtp.parse.BdatReader;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.response.Replies;
import java.util.concurrent.CompletionStage;

/**
 * RFC 3030 CHUNKING: {@code BDAT size [LAST]}. The chunk's bytes are always read, even when the transaction is
 * refused, because the client sends them without waiting (section 2); the error is given after them.
 */
public final class Bdat implements CommandHandler<SmtpCommand.Bdat> {

    private final Cleanup cleanup;

    Bdat(Cleanup cleanup) {
        this.cleanup = cleanup;
    }

    /** Valid in every state: even a refused chunk must be read to know where the next command starts. */
    @Override
    public CompletionStage<?> handle(SmtpCommand.Bdat c, SmtpSession s) {
        long size = c.size();
        boolean last = c.last();
        BdatReader reader = s.bdat();
        if (reader == null) {
            reader = new BdatReader(s.config().messageSizeLimit());
            if (s.transaction() == null) {
                reader.refuse(Replies.NEED_MAIL);
            } else if (s.transaction().recipients.isEmpty()) {
                reader.refuse(Replies.NO_VALID_RECIPIENTS);
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
        return cleanup.finish(s, reader);
    }
}
