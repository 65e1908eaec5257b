package com.mailplatform.mailctl.transfer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A Maildir tree in Dovecot's Maildir++ layout: the root's cur/ and new/ are INBOX, ".Sent", ".Foo.Bar" are the
 * folders "Sent" and "Foo/Bar" (names in modified UTF-7), tmp/ holds unfinished deliveries and is not read. Files
 * are taken in dovecot-uidlist order (so UIDs keep their order), then by name; INTERNALDATE is the file's mtime
 * (what Dovecot uses), else the time its name starts with. Symbolic links are not followed.
 */
public final class MaildirSource implements MailSource {

    private final Path root;
    private final Limits limits;
    private final boolean keepUids;

    public MaildirSource(Path root, Limits limits) {
        this(root, limits, false);
    }

    /** With {@code keepUids}, dovecot-uidlist's UIDs and UIDVALIDITY go along to be kept where the folder allows. */
    public MaildirSource(Path root, Limits limits, boolean keepUids) {
        this.root = root;
        this.limits = limits;
        this.keepUids = keepUids;
    }

    @Override
    public List<SourceFolder> folders(List<String> skipped) throws IOException {
        List<SourceFolder> out = new ArrayList<>();
        if (isMaildir(root)) {
            out.add(new SourceFolder("INBOX", "", root, uidvalidity(root)));
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String file = d.getFileName().toString();
                if (!file.startsWith(".") || file.equals(".") || file.equals("..") || !isMaildir(d)) {
                    continue;
                }
                String name = name(file.substring(1));
                if (name == null) {
                    skipped.add(file + ": folder name not usable (empty part, not modified UTF-7, longer than "
                            + limits.maxFolderNameLength() + " or deeper than " + limits.maxFolderDepth() + ")");
                } else if (out.size() >= limits.maxFolders()) {
                    skipped.add(file + ": more than " + limits.maxFolders() + " folders");
                } else {
                    out.add(new SourceFolder(name, FolderNames.specialUse(name), d, uidvalidity(d)));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(root + " is not a Maildir (no cur/ or new/)");
        }
        out.sort(Comparator.comparing((SourceFolder f) -> !f.name().equals("INBOX")).thenComparing(SourceFolder::name));
        return out;
    }

    /** "Foo.Bar" to "Foo/Bar"; null when a part is empty, not modified UTF-7, or the name is too long or deep. */
    String name(String maildirName) {
        String[] parts = maildirName.split("\\.", -1);
        if (parts.length > limits.maxFolderDepth()) {
            return null;
        }
        List<String> decoded = new ArrayList<>();
        for (String p : parts) {
            try {
                String d = FolderNames.decodeUtf7(p);
                if (d.isEmpty() || d.contains("/") || d.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    return null;
                }
                decoded.add(d);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        String name = String.join("/", decoded);
        if (name.length() > limits.maxFolderNameLength()) {
            return null;
        }
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    /** dovecot-uidlist's header: "3 V1700000000 N5 G..." (version 3) or "1 1700000000 5" (version 1). */
    private long uidvalidity(Path dir) {
        if (!keepUids) {
            return 0;
        }
        List<String> lines = readLines(dir.resolve("dovecot-uidlist"));
        if (lines.isEmpty()) {
            return 0;
        }
        String[] h = lines.get(0).trim().split(" +");
        try {
            if (h.length >= 2 && h[0].equals("1")) {
                return Long.parseLong(h[1]);
            }
            for (String f : h) {
                if (f.startsWith("V")) {
                    return Long.parseLong(f.substring(1));
                }
            }
        } catch (NumberFormatException e) {
            // no usable UIDVALIDITY
        }
        return 0;
    }

    private static boolean isMaildir(Path d) {
        return Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)
                && (Files.isDirectory(d.resolve("cur"), LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(d.resolve("new"), LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public Iterator<SourceMessage> messages(SourceFolder folder) throws IOException {
        Path dir = (Path) folder.handle();
        List<String> keywords = MaildirFlags.parseKeywords(readLines(dir.resolve("dovecot-keywords")));
        Map<String, Long> uids = uidlist(readLines(dir.resolve("dovecot-uidlist")));
        List<Path> files = new ArrayList<>();
        List<SourceMessage> problems = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
                for (Path f : entries) {
                    if (f.getFileName().toString().startsWith(".")) {
                        continue;
                    }
                    if (files.size() >= limits.maxFilesPerFolder()) {
                        problems.add(SourceMessage.bad(f.toString(), "more than " + limits.maxFilesPerFolder() + " files in the folder"));
                        break;
                    }
                    files.add(f);
                }
            }
        }
        files.sort(Comparator.comparing((Path f) -> uids.getOrDefault(base(f.getFileName().toString()), Long.MAX_VALUE))
                .thenComparing(f -> f.getFileName().toString()));
        Iterator<Path> it = files.iterator();
        Iterator<SourceMessage> problemIt = problems.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext() || problemIt.hasNext();
            }

            @Override
            public SourceMessage next() {
                if (it.hasNext()) {
                    Path f = it.next();
                    SourceMessage m = read(f, keywords);
                    long uid = keepUids ? uids.getOrDefault(base(f.getFileName().toString()), 0L) : 0;
                    return uid > 0 && m.ok() ? new SourceMessage(m.content(), m.flags(), m.internalDateMillis(), m.origin(), null, uid) : m;
                }
                if (problemIt.hasNext()) {
                    return problemIt.next();
                }
                throw new NoSuchElementException();
            }
        };
    }

    private SourceMessage read(Path f, List<String> keywords) {
        String file = f.getFileName().toString();
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                return SourceMessage.bad(f.toString(), "not a regular file");
            }
            long size = Files.size(f);
            if (size > limits.maxMessageBytes()) {
                return SourceMessage.bad(f.toString(), "larger than " + limits.maxMessageBytes() + " bytes");
            }
            if (size == 0) {
                return SourceMessage.bad(f.toString(), "empty file");
            }
            byte[] content = Files.readAllBytes(f);
            long mtime = Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toMillis();
            return new SourceMessage(LineEnds.toCrlf(content), MaildirFlags.of(file, keywords), mtime > 0 ? mtime : namedTime(file), f.toString(), null);
        } catch (IOException | OutOfMemoryError e) {
            return SourceMessage.bad(f.toString(), "cannot read: " + e.getMessage());
        }
    }

    /**
     * The unique part of a name, without ",S=..,W=.." and the info part (":2,..."): dovecot-uidlist may name a file
     * with or without the size fields, and Maildir escapes ',' and ':' in host names, so this part has neither.
     */
    static String base(String file) {
        int end = file.length();
        for (int i = 0; i < file.length(); i++) {
            if (file.charAt(i) == ':' || file.charAt(i) == ',') {
                end = i;
                break;
            }
        }
        return file.substring(0, end);
    }

    /** Maildir names start with the delivery time in seconds. */
    static long namedTime(String file) {
        int dot = file.indexOf('.');
        try {
            return dot > 0 ? Long.parseLong(file.substring(0, dot)) * 1000 : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** dovecot-uidlist (versions 1 and 3): after the header line, "UID [fields] :file" or "UID file". */
    static Map<String, Long> uidlist(List<String> lines) {
        Map<String, Long> out = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            int sp = line.indexOf(' ');
            if (sp <= 0) {
                continue;
            }
            try {
                long uid = Long.parseLong(line.substring(0, sp));
                int colon = line.indexOf(':', sp);
                String file = colon >= 0 ? line.substring(colon + 1) : line.substring(sp + 1).strip();
                out.put(base(file.strip()), uid);
            } catch (NumberFormatException e) {
                // not a record
            }
        }
        return out;
    }

    private List<String> readLines(Path p) {
        try {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > 64L << 20) {
                return List.of();
            }
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }
}
