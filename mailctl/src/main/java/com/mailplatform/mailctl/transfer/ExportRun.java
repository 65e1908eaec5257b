package com.mailplatform.mailctl.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailplatform.mailctl.Api;
import com.mailplatform.mailctl.ApiException;
import com.mailplatform.mailctl.ExitCodes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an account's folders (or one) as mboxrd files or a Dovecot Maildir++ tree, page by page from admin-api
 * (one bounded page in memory at a time). For mbox, {@code target} is the file when one folder is asked for, else a
 * directory with one file per folder ("Foo/Bar" becomes Foo/Bar), the layout {@link MboxSource} reads back.
 */
public final class ExportRun {

    public enum Format { MBOX, MAILDIR }

    private final Api api;
    private final String account;
    private final PrintWriter progress;
    private final Clock clock;

    public ExportRun(Api api, String account, PrintWriter progress, Clock clock) {
        this.api = api;
        this.account = account;
        this.progress = progress;
        this.clock = clock;
    }

    public ImportRun.Summary run(Format format, Path target, String onlyFolder) throws IOException {
        long start = clock.millis();
        ImportRun.Summary summary = new ImportRun.Summary();
        List<JsonNode> folders = new ArrayList<>();
        api.get("/api/v1/accounts/" + Api.seg(account) + "/mailboxes").forEach(f -> {
            if (onlyFolder == null || onlyFolder.equals(f.path("name").asText())) {
                folders.add(f);
            }
        });
        if (onlyFolder != null && folders.isEmpty()) {
            throw new ApiException(ExitCodes.NOT_FOUND, "no mailbox " + onlyFolder + " in " + account);
        }
        for (JsonNode f : folders) {
            String name = f.path("name").asText();
            try {
                exportFolder(format, target, onlyFolder != null, name, f.path("uidvalidity").asLong(), summary);
            } catch (IOException e) {
                summary.errors++;
                summary.problems.add(name + ": " + e.getMessage());
                progress.println("mailctl: skipped folder " + name + ": " + e.getMessage());
                progress.flush();
            }
        }
        summary.millis = Math.max(1, clock.millis() - start);
        return summary;
    }

    private void exportFolder(Format format, Path target, boolean single, String name, long uidvalidity, ImportRun.Summary summary) throws IOException {
        OutputStream mboxOut = null;
        MaildirWriter maildir = null;
        try {
            if (format == Format.MBOX) {
                Path file = single ? target : target.resolve(safeRelative(name));
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                mboxOut = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            } else {
                maildir = new MaildirWriter(target, name, uidvalidity);
            }
            MboxWriter mbox = mboxOut == null ? null : new MboxWriter(mboxOut);
            long after = 0;
            while (true) {
                byte[] page = api.binary("GET", "/api/v1/accounts/" + Api.seg(account) + "/export", Api.params("folder", name, "afterUid", after),
                        null, HttpRequest.BodyPublishers.noBody(), Duration.ofMinutes(5));
                List<Frames.Frame> frames = Frames.read(page);
                if (frames.isEmpty()) {
                    break;
                }
                for (Frames.Frame fr : frames) {
                    if (mbox != null) {
                        mbox.write(fr.content(), fr.flags(), fr.internalDateMillis());
                    } else {
                        maildir.write(fr.content(), fr.flags(), fr.internalDateMillis(), fr.uid());
                    }
                    summary.messages++;
                    summary.stored++;
                    summary.bytes += fr.content().length;
                    after = fr.uid();
                }
                progress.printf("%s: %d messages, %.1f MiB%n", name, summary.messages, summary.bytes / 1048576.0);
                progress.flush();
            }
        } finally {
            if (mboxOut != null) {
                mboxOut.close();
            }
            if (maildir != null) {
                maildir.close();
            }
        }
    }

    /** A folder name as a relative path that stays inside the export directory. */
    static Path safeRelative(String name) throws IOException {
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.startsWith(".")) {
                throw new IOException("folder name " + name + " cannot be a file name");
            }
        }
        return Path.of(name);
    }
}
