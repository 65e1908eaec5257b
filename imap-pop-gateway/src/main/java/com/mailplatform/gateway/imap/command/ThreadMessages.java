package com.mailplatform.gateway.imap.command;

import com.mailplatform.gateway.imap.ImapSession;
import com.mailplatform.gateway.imap.parse.ImapCommand;
import com.mailplatform.gateway.imap.sort.OrderedSubjectThreader;
import com.mailplatform.gateway.imap.sort.ReferencesThreader;
import com.mailplatform.gateway.imap.sort.ThreadNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** THREAD / UID THREAD (RFC 5256 BASE.6.4.THREAD) with the ORDEREDSUBJECT and REFERENCES algorithms. */
final class ThreadMessages implements CommandHandler<ImapCommand.Thread> {
    @Override
    public Set<ImapSession.State> validIn() {
        return SELECTED;
    }

    @Override
    public CompletionStage<?> handle(ImapCommand.Thread c, ImapSession s) {
        if (!SortInput.supportedCharset(c.charset())) {
            return s.finish(c.tag(), "NO", "[BADCHARSET (UTF-8 US-ASCII)] unsupported charset");
        }
        return SortInput.load(c.key(), s).thenCompose(items -> {
            List<ThreadNode> threads = c.algorithm().equals("REFERENCES")
                    ? ReferencesThreader.thread(items) : OrderedSubjectThreader.thread(items);
            String list = ThreadNode.format(threads, c.uid());
            s.untagged(list.isEmpty() ? "THREAD" : "THREAD " + list);
            return s.finish(c.tag(), "OK", "THREAD completed");
        });
    }
}
