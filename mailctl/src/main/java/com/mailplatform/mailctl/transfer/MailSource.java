package com.mailplatform.mailctl.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/** mbox file(s), a Maildir tree or an IMAP account, read folder by folder and message by message. */
public interface MailSource extends Closeable {

    /** The folders, each once; problems found while listing (a name too long, too many) go to {@code skipped}. */
    List<SourceFolder> folders(List<String> skipped) throws IOException;

    /** The folder's messages one at a time: only the current one is held in memory. */
    Iterator<SourceMessage> messages(SourceFolder folder) throws IOException;

    @Override
    default void close() throws IOException {
    }
}
