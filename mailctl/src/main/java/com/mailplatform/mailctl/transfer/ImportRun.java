package com.mailplatform.mailctl.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailplatform.mailctl.Api;
import com.mailplatform.mailctl.ApiException;
import com.mailplatform.mailctl.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Moves a {@link MailSource} into an account: folders are created (with their special use), messages go to
 * admin-api in batches of at most {@code batchMessages} messages or {@code batchBytes} bytes, and a batch is
 * counted only from admin-api's answer, which comes after mailbox-store committed it. One batch is in flight at
 * a time, so mailctl holds at most one batch plus the message being read. A message the source cannot give or the
 * store refuses is reported and skipped; a batch that fails in transit is sent again (the store skips what it
 * already has, so a resend never duplicates), and only an unreachable admin-api ends the run.
 */
public final class ImportRun {

    private static final int SEND_ATTEMPTS = 4;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Api api;
    private final String account;
    private final int batchMessages;
    private final long batchBytes;
    private final PrintWriter progress;
    private final Clock clock;
    private final Summary summary = new Summary();
    private long lastProgress;

    public ImportRun(Api api, String account, int batchMessages, long batchBytes, PrintWriter progress, Clock clock) {
        this.api = api;
        this.account = account;
        this.batchMessages = batchMessages;
        this.batchBytes = batchBytes;
        this.progress = progress;
        this.clock = clock;
    }

    /** What a run did; bytes are those stored. */
    public static final class Summary {
        public long messages;
        public long stored;
        public long duplicates;
        public long errors;
        public long bytes;
        public long millis;
        /** Stored with a remark (a UID that could not be kept). */
        public long notes;
        public final List<String> problems = new ArrayList<>();

        public Map<String, Object> asMap() {
            return Map.of("messages", messages, "stored", stored, "skipped", duplicates, "errors", errors, "bytes", bytes,
                    "seconds", millis / 1000.0, "messagesPerSecond", rate(), "problems", problems);
        }

        public double rate() {
            return millis == 0 ? 0 : Math.round(stored * 10_000.0 / millis) / 10.0;
        }
    }

    private void problem(String text) {
        summary.errors++;
        if (summary.problems.size() < 1000) {
            summary.problems.add(text);
        }
        progress.println("mailctl: skipped " + text);
        progress.flush();
    }

    public Summary run(MailSource source) throws IOException {
        long start = clock.millis();
        List<String> skipped = new ArrayList<>();
        List<SourceFolder> folders = source.folders(skipped);
        skipped.forEach(this::problem);
        for (SourceFolder folder : folders) {
            if (!folder.name().equals("INBOX")) {
                api.post("/api/v1/accounts/" + Api.seg(account) + "/mailboxes", Map.of("name", folder.name(), "specialUse", folder.specialUse()));
            }
            Batch batch = new Batch(folder.name(), folder.uidvalidity());
            Iterator<SourceMessage> it = source.messages(folder);
            while (true) {
                SourceMessage m;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    m = it.next();
                } catch (UncheckedIOException e) {
                    problem(folder.name() + ": reading stopped: " + e.getCause().getMessage());
                    break;
                }
                summary.messages++;
                if (!m.ok()) {
                    problem(m.origin() + ": " + m.error());
                    continue;
                }
                batch.add(m);
                if (batch.count() >= batchMessages || batch.body.size() >= batchBytes) {
                    send(batch);
                }
            }
            send(batch); // for an empty folder whose UIDVALIDITY is to be kept, an empty batch
        }
        summary.millis = Math.max(1, clock.millis() - start);
        return summary;
    }

    private record Sent(String origin, long size) { }

    private final class Batch {
        final String folder;
        final long uidvalidity;
        final ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 20);
        final List<Sent> messages = new ArrayList<>();
        boolean sentAny;

        Batch(String folder, long uidvalidity) {
            this.folder = folder;
            this.uidvalidity = uidvalidity;
        }

        void add(SourceMessage m) {
            Frames.write(body, m.content(), m.flags(), m.internalDateMillis(), m.uid());
            // the content is in the body now; keep only what the report needs
            messages.add(new Sent(m.origin(), m.content().length));
        }

        int count() {
            return messages.size();
        }
    }

    private void send(Batch batch) {
        if (batch.count() == 0 && (batch.sentAny || batch.uidvalidity == 0)) {
            return;
        }
        batch.sentAny = true;
        JsonNode result = null;
        for (int attempt = 1; result == null; attempt++) {
            try {
                byte[] answer = api.binary("POST", "/api/v1/accounts/" + Api.seg(account) + "/import", Api.params("folder", batch.folder, "uidvalidity", batch.uidvalidity > 0 ? batch.uidvalidity : null),
                        Frames.MEDIA_TYPE, HttpRequest.BodyPublishers.ofByteArray(batch.body.toByteArray()), Duration.ofMinutes(5));
                result = JSON.readTree(answer);
            } catch (ApiException e) {
                if (e.exitCode() != ExitCodes.UNAVAILABLE || attempt >= SEND_ATTEMPTS) {
                    throw e;
                }
                progress.println("mailctl: " + e.getMessage() + "; sending the batch again (" + attempt + ")");
                progress.flush();
                pause(attempt);
            } catch (IOException e) {
                throw new ApiException(ExitCodes.FAILURE, "admin-api's answer to an import is not JSON: " + e.getMessage());
            }
        }
        JsonNode outcomes = result.path("outcomes");
        for (int i = 0; i < batch.count(); i++) {
            JsonNode o = outcomes.path(i);
            Sent m = batch.messages.get(i);
            switch (o.path("status").asText()) {
                case "STORED" -> {
                    summary.stored++;
                    summary.bytes += m.size();
                    if (!o.path("detail").asText().isEmpty()) {
                        summary.notes++;
                        progress.println("mailctl: " + m.origin() + ": " + o.path("detail").asText());
                    }
                }
                case "DUPLICATE" -> summary.duplicates++;
                default -> problem(m.origin() + ": refused by the store: " + o.path("detail").asText("no answer for it"));
            }
        }
        batch.body.reset();
        batch.messages.clear();
        long now = clock.millis();
        if (now - lastProgress >= 1000) {
            lastProgress = now;
            progress.printf("%s: %d read, %d stored, %d already there, %d errors, %.1f MiB%n", batch.folder, summary.messages, summary.stored,
                    summary.duplicates, summary.errors, summary.bytes / 1048576.0);
            progress.flush();
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(1000L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ExitCodes.FAILURE, "interrupted");
        }
    }
}
