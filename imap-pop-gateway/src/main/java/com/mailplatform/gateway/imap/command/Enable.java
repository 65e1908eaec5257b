package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** ENABLE (RFC 5161): IMAP4rev2, UTF8=ACCEPT (RFC 6855), CONDSTORE and QRESYNC (RFC 7162) change the session; others are ignored. */
final class Enable implements CommandHandler<ImapCommand.Enable> {
    @Override
    public Set<ImapSession.State> validIn() {
        return AUTHENTICATED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Enable c, ImapSession s) {
        StringBuilder enabled = new StringBuilder("ENABLED");
        if (c.capabilities().contains("IMAP4REV2") && !s.rev2()) {
            s.enableRev2();
            enabled.append(" IMAP4rev2");
        }
        if (c.capabilities().contains("UTF8=ACCEPT") && !s.utf8Accept()) {
            // RFC 6855 section 3: from now on mailbox names are UTF-8, never modified UTF-7
            s.enableUtf8Accept();
            enabled.append(" UTF8=ACCEPT");
        }
        // RFC 7162 section 3.1 / 3.2.3: QRESYNC implies CONDSTORE; ENABLED names only what was asked and is new
        if (c.capabilities().contains("CONDSTORE") && !s.condstore()) {
            s.enableCondstore();
            enabled.append(" CONDSTORE");
        }
        if (c.capabilities().contains("QRESYNC") && !s.qresync()) {
            s.enableQresync();
            enabled.append(" QRESYNC");
        }
        s.untagged(enabled.toString());
        return s.finish(c.tag(), "OK", "ENABLE completed");
    }
}
