package com.mailplatform.mailctl;

import static com.mailplatform.mailctl.Api.params;
import static com.mailplatform.mailctl.Api.seg;
import static com.mailplatform.mailctl.Table.col;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mailctl queue}: Postfix's postqueue, postsuper and postcat over admin-api. An action takes a queue id, or
 * {@code ALL} and/or filters (postsuper's {@code ALL}, narrowed the way {@code mailq} output is usually grepped).
 */
@Command(name = "queue", mixinStandardHelpOptions = true, description = "The mail queue (postqueue/postsuper/postcat)")
final class QueueCommands {

    /** More messages than this are deleted only after a confirmation (or --yes). */
    static final int CONFIRM_ABOVE = 1;

    @ParentCommand
    Mailctl root;

    /** Which messages an action is for, besides one queue id. */
    static final class Selection {
        @Option(names = "--domain", description = "recipient domain")
        String domain;

        @Option(names = "--sender", description = "envelope sender; <> for bounces")
        String sender;

        @Option(names = "--older-than", paramLabel = "AGE", description = "received longer ago than AGE: 90s, 30m, 2h, 3d, 1w")
        String olderThan;

        @Option(names = "--state", description = "deferred, hold or active")
        String state;

        boolean any() {
            return domain != null || sender != null || olderThan != null || state != null;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List queued mail (postqueue -p)")
    int list(@Option(names = "--status", description = "deferred, hold or active") String status,
             @Option(names = "--sender") String sender, @Option(names = "--recipient") String recipient,
             @Option(names = "--domain") String domain, @Mixin Commands.Paging p) {
        JsonNode page = root.api().get("/api/v1/queue", params("status", status, "sender", sender, "recipient", recipient,
                "domain", domain, "offset", p.offset, "limit", p.limit));
        return root.page(page, List.of(col("QUEUE ID", "queueId"), col("SIZE", "size"), col("RECEIVED", "receivedAt"),
                col("SENDER", "sender"), col("RECIPIENTS", "recipients.recipient"), col("STATUS", "recipients.status")));
    }

    // No mixinStandardHelpOptions: -h is postcat's "headers" here; --help still works.
    @Command(name = "show",
            description = "A queued message like postcat -q: envelope, headers and body (admin role; the read is audited)."
                    + " -e alone needs no admin role.")
    int show(@Parameters(paramLabel = "QUEUE_ID") String id,
             @Option(names = "-e", description = "the envelope (postcat -e)") boolean envelope,
             @Option(names = "-h", description = "the headers (postcat -h)") boolean headers,
             @Option(names = "-b", description = "the body (postcat -b)") boolean body,
             @Option(names = "--max-bytes", description = "at most this much content (default 1 MiB, at most 3 MiB)") Integer maxBytes,
             @Option(names = "--help", usageHelp = true, description = "show this help") boolean help) {
        boolean all = !envelope && !headers && !body;
        if (envelope && !headers && !body) {
            return root.print(root.api().get("/api/v1/queue/" + seg(id)), QueueCommands::envelope);
        }
        JsonNode m = root.api().get("/api/v1/queue/" + seg(id) + "/message", params("maxBytes", maxBytes));
        return root.print(m, n -> postcat(n, all || envelope, all || headers, all || body));
    }

    /** What an action is for: one queue id (and recipient), or ALL and/or filters. */
    static final class Target {
        @Parameters(paramLabel = "QUEUE_ID|ALL", arity = "0..1")
        String id;

        @Option(names = "--recipient", description = "only this recipient of QUEUE_ID")
        String recipient;

        @Mixin
        Selection selection;

        @Option(names = "--dry-run", description = "only count")
        boolean dryRun;
    }

    @Command(name = "hold", mixinStandardHelpOptions = true, description = "Put on hold (postsuper -h)")
    int hold(@Mixin Target t) {
        return act("hold", t, true);
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release from hold, due at once (postsuper -H)")
    int release(@Mixin Target t) {
        return act("release", t, true);
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Try now, whatever the back-off says (postqueue -i; ALL = postqueue -f); held mail stays held")
    int retry(@Mixin Target t) {
        return act("retry", t, true);
    }

    @Command(name = "requeue", mixinStandardHelpOptions = true,
            description = "Expand aliases again and route afresh, due at once (postsuper -r)")
    int requeue(@Mixin Target t) {
        return act("requeue", t, true);
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete without a bounce (postsuper -d); more than one message only after a confirmation or --yes")
    int delete(@Mixin Target t, @Option(names = {"-y", "--yes"}, description = "do not ask") boolean yes) {
        return act("delete", t, yes);
    }

    private int act(String action, Target t, boolean confirmed) {
        String id = t.id;
        String rcpt = t.recipient;
        Selection s = t.selection;
        boolean dryRun = t.dryRun;
        boolean all = "ALL".equals(id);
        if (id != null && !all) {
            if (s.any() || dryRun) {
                throw new ApiException(ExitCodes.USAGE, "give a queue id, or ALL and/or filters, not both");
            }
            String q = rcpt == null ? "" : "?recipient=" + seg(rcpt);
            JsonNode r = "delete".equals(action) ? root.api().delete("/api/v1/queue/" + seg(id) + q)
                    : root.api().post("/api/v1/queue/" + seg(id) + "/" + action + q, null);
            return root.print(r, n -> action + " " + id + ": " + n.path("affected").asInt() + " recipient(s)\n");
        }
        if (rcpt != null) {
            throw new ApiException(ExitCodes.USAGE, "--recipient goes with a queue id");
        }
        if (!all && !s.any()) {
            throw new ApiException(ExitCodes.USAGE, "give a queue id, ALL, or a filter (--domain, --sender, --older-than, --state)");
        }
        Map<String, Object> q = params("all", all ? "true" : null, "domain", s.domain, "sender", s.sender, "olderThan", s.olderThan,
                "state", s.state);
        String path = "/api/v1/queue/actions/" + action;
        if (!dryRun && !confirmed) {
            JsonNode count = root.api().post(path + query(q, true), null);
            int n = count.path("messages").asInt();
            if (n > CONFIRM_ABOVE && !ask(action, n, count.path("recipients").asInt())) {
                throw new ApiException(ExitCodes.USAGE, action + " would act on " + n + " messages: confirm, or add --yes"
                        + " (--dry-run counts)");
            }
        }
        JsonNode r = root.api().post(path + query(q, dryRun), null);
        return root.print(r, QueueCommands::summary);
    }

    /** Asks on the terminal; without one (a script) there is nobody to say yes. */
    private static boolean ask(String action, int messages, int recipients) {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        String answer = c.readLine("%s %d messages (%d recipients)? [y/N] ", action, messages, recipients);
        return answer != null && answer.strip().equalsIgnoreCase("y");
    }

    private static String query(Map<String, Object> q, boolean dryRun) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(q);
        if (dryRun) {
            all.put("dryRun", "true");
        }
        StringBuilder sb = new StringBuilder();
        all.forEach((k, v) -> sb.append(sb.length() == 0 ? '?' : '&').append(k).append('=').append(seg(String.valueOf(v))));
        return sb.toString();
    }

    /** {@code delete: 3 messages, 4 recipients} (or {@code would delete: ...}), then the queue ids. */
    static String summary(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        sb.append(n.path("dryRun").asBoolean() ? "would " : "").append(n.path("action").asText()).append(": ")
                .append(n.path("messages").asInt()).append(" message(s), ").append(n.path("recipients").asInt()).append(" recipient(s)\n");
        n.path("queueIds").forEach(id -> sb.append("  ").append(Table.text(id)).append('\n'));
        return sb.toString();
    }

    static String envelope(JsonNode n) {
        return String.format("%s  from %s  %d bytes  received %s%n", Table.text(n.path("queueId")), Table.text(n.path("sender")),
                n.path("size").asLong(), Table.text(n.path("receivedAt")))
                + Table.render(List.of(col("RECIPIENT", "recipient"), col("STATUS", "status"), col("ATTEMPTS", "attempts"),
                col("NEXT", "nextAttemptAt"), col("DSN", "lastDsn"), col("REPLY", "lastReply")), n.path("recipients"));
    }

    /**
     * postcat's layout: envelope records, the message contents, the end marker. Lines end in LF; other control
     * characters of the content become '?', so that a message cannot drive the operator's terminal (escape sequences);
     * --json gives the content unchanged.
     */
    static String postcat(JsonNode n, boolean env, boolean headers, boolean body) {
        JsonNode e = n.path("envelope");
        String id = Table.text(e.path("queueId"));
        StringBuilder sb = new StringBuilder();
        if (env) {
            sb.append("*** ENVELOPE RECORDS ").append(id).append(" ***\n");
            sb.append("message_size: ").append(e.path("size").asLong()).append('\n');
            sb.append("message_arrival_time: ").append(Table.text(e.path("receivedAt"))).append('\n');
            sb.append("sender: ").append(Table.text(e.path("sender"))).append('\n');
            for (JsonNode r : e.path("recipients")) {
                sb.append("recipient: ").append(Table.text(r.path("recipient"))).append("  (").append(Table.text(r.path("status")))
                        .append(", attempts ").append(r.path("attempts").asInt()).append(", ").append(Table.text(r.path("lastDsn")))
                        .append(' ').append(Table.text(r.path("lastReply"))).append(")\n");
            }
        }
        if (headers || body) {
            sb.append("*** MESSAGE CONTENTS ").append(id).append(" ***\n");
        }
        if (headers) {
            sb.append(printable(n.path("headers").asText())).append('\n');
        }
        if (headers && body) {
            sb.append('\n');
        }
        if (body) {
            sb.append(printable(n.path("body").asText()));
        }
        if (n.path("truncated").asBoolean()) {
            sb.append("\n*** TRUNCATED after ").append(n.path("shownBytes").asInt()).append(" of ").append(e.path("size").asLong())
                    .append(" bytes (--max-bytes) ***\n");
        }
        sb.append("*** MESSAGE FILE END ").append(id).append(" ***\n");
        return sb.toString();
    }

    static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        String lf = text.replace("\r\n", "\n");
        for (int i = 0; i < lf.length(); i++) {
            char c = lf.charAt(i);
            sb.append(c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f)) ? c : '?');
        }
        return sb.toString();
    }
}
