package com.mailplatform.mailctl.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes one folder of a Maildir++ tree as Dovecot keeps it: INBOX at the root, "Foo/Bar" as ".Foo.Bar" (modified
 * UTF-7), each message written to tmp/ and renamed into cur/ (the Maildir way: a reader never sees half a file),
 * flags in the name's info part, keywords in dovecot-keywords, INTERNALDATE as the file's mtime, and a
 * dovecot-uidlist so the UID order survives. Line ends are LF as in any Unix Maildir.
 */
public final class MaildirWriter implements AutoCloseable {

    private final Path dir;
    private final List<String> keywords = new ArrayList<>();
    private final StringBuilder uidlist = new StringBuilder();
    private final long uidvalidity;
    private long lastUid;
    private int counter;

    public MaildirWriter(Path root, String folder, long uidvalidity) throws IOException {
        this.dir = folder.equals("INBOX") ? root : root.resolve("." + String.join(".", folder.split("/")).transform(FolderNames::encodeUtf7));
        if (!folder.equals("INBOX") && List.of(folder.split("/")).stream().anyMatch(p -> p.isEmpty() || p.contains(".") || p.equals(".."))) {
            throw new IOException("folder name " + folder + " cannot be a Maildir++ folder (empty part or a '.')");
        }
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(dir.resolve(sub));
        }
        this.uidvalidity = uidvalidity;
    }

    public void write(byte[] crlfMessage, Set<String> flags, long internalDateMillis, long uid) throws IOException {
        long seconds = internalDateMillis / 1000;
        String base = seconds + ".M" + (counter++) + "P" + ProcessHandle.current().pid() + ".mailctl";
        Path tmp = dir.resolve("tmp").resolve(base);
        long size;
        try (OutputStream out = Files.newOutputStream(tmp)) {
            CountingStream counting = new CountingStream(out);
            LineEnds.writeLf(crlfMessage, 0, crlfMessage.length, counting);
            size = counting.count;
        }
        String name = base + ",S=" + size + ":2," + MaildirFlags.info(flags, keywords);
        Path target = dir.resolve("cur").resolve(name);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(target, FileTime.fromMillis(internalDateMillis));
        uidlist.append(uid).append(" :").append(base).append('\n');
        lastUid = Math.max(lastUid, uid);
    }

    @Override
    public void close() throws IOException {
        StringBuilder kw = new StringBuilder();
        for (int i = 0; i < keywords.size(); i++) {
            kw.append(i).append(' ').append(keywords.get(i)).append('\n');
        }
        Files.writeString(dir.resolve("dovecot-keywords"), kw, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("dovecot-uidlist"), "3 V" + uidvalidity + " N" + (lastUid + 1) + "\n" + uidlist, StandardCharsets.UTF_8);
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }
}
