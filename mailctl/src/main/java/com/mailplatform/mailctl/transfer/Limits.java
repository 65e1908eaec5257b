package com.mailplatform.mailctl.transfer;

/**
 * What a source may make mailctl hold or walk, so a hostile or broken mbox/Maildir/IMAP server costs a bounded
 * amount of memory and time: a message over {@code maxMessageBytes} or with a line over {@code maxLineBytes} is
 * reported and skipped; folder names longer or deeper than allowed, and folders or files beyond the counts, are
 * reported and left out.
 */
public record Limits(long maxMessageBytes, int maxLineBytes, int maxFolderNameLength, int maxFolderDepth, int maxFolders, int maxFilesPerFolder) {

    /** 50 MiB is mailbox-store's mailbox.max-blob-bytes default; lines of 1 MiB are far beyond RFC 5322's 998. */
    public static final Limits DEFAULTS = new Limits(50L << 20, 1 << 20, 255, 16, 10_000, 1_000_000);

    public Limits withMaxMessageBytes(long bytes) {
        return new Limits(bytes, maxLineBytes, maxFolderNameLength, maxFolderDepth, maxFolders, maxFilesPerFolder);
    }
}
