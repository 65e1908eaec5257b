package com.mailplatform.mailctl.transfer;

/**
 * A folder of a source: its name in the platform ("INBOX", "Sent", "Foo/Bar"), RFC 6154 special use or "", and the
 * UIDVALIDITY to keep (dovecot-uidlist) or 0.
 */
public record SourceFolder(String name, String specialUse, Object handle, long uidvalidity) {

    public SourceFolder(String name, String specialUse, Object handle) {
        this(name, specialUse, handle, 0);
    }
}
