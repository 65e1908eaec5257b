package com.mailplatform.mailctl.transfer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One mbox file (e.g. /var/spool/mail/USER) into one folder, or a directory of mbox files as mutt and Dovecot's
 * mbox storage keep them (~/mail/Sent, ~/mail/Lists/foo): each file a folder named by its path.
 */
public final class MboxSource implements MailSource {

    private final Path path;
    private final String folder;
    private final MboxReader.Variant variant;
    private final ZoneId zone;
    private final Limits limits;
    private InputStream open;

    public MboxSource(Path path, String folder, MboxReader.Variant variant, ZoneId zone, Limits limits) {
        this.path = path;
        this.folder = folder;
        this.variant = variant;
        this.zone = zone;
        this.limits = limits;
    }

    @Override
    public List<SourceFolder> folders(List<String> skipped) throws IOException {
        if (!Files.isDirectory(path)) {
            if (!Files.isRegularFile(path)) {
                throw new IOException(path + ": no such file");
            }
            return List.of(new SourceFolder(folder, FolderNames.specialUse(folder), path));
        }
        List<SourceFolder> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(path, limits.maxFolderDepth())) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || f.getFileName().toString().startsWith(".")) {
                    continue;
                }
                String name = path.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
                name = name.equalsIgnoreCase("inbox") ? "INBOX" : name;
                if (name.length() > limits.maxFolderNameLength() || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    skipped.add(f + ": folder name too long or with control characters");
                } else if (out.size() >= limits.maxFolders()) {
                    skipped.add(f + ": more than " + limits.maxFolders() + " folders");
                } else {
                    out.add(new SourceFolder(name, FolderNames.specialUse(name), f));
                }
            }
        }
        return out;
    }

    @Override
    public Iterator<SourceMessage> messages(SourceFolder f) throws IOException {
        close();
        Path file = (Path) f.handle();
        open = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new MboxReader(open, file.toString(), variant, zone, limits);
    }

    @Override
    public void close() throws IOException {
        if (open != null) {
            open.close();
            open = null;
        }
    }
}
