package com.mailplatform.mailctl.transfer;

/** A folder of a source: its name in the platform ("INBOX", "Sent", "Foo/Bar") and RFC 6154 special use or "". */
public record SourceFolder(String name, String specialUse, Object handle) {
}
