package com.mailplatform.common.log;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Postfix 3.x's per-session command statistics on the disconnect line: {@code ehlo=1 auth=0/1 mail=1 rcpt=1/2
 * data=1 quit=1 commands=5/7}, each command {@code ok} or {@code ok/total} when some failed, in smtpd's table
 * order. A command counts as successful when its last reply was 2xx or 3xx (DATA's 354 then 250 is one success,
 * AUTH's 334 then 535 one failure). Not thread-safe: one per session, used on its event loop.
 */
public final class SmtpCommandCounts {

    /** smtpd's command table order (smtpd.c), then our extra verbs; anything else is "unknown". */
    static final List<String> ORDER = List.of("helo", "ehlo", "starttls", "auth", "mail", "rcpt", "data", "bdat",
            "rset", "noop", "vrfy", "expn", "help", "quit", "unknown");

    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private String current;
    private boolean currentOk;
    private String lastVerb;

    /** A new command starts; the one before it is settled with its last reply. */
    public void command(String verb) {
        settle();
        String v = verb == null ? "unknown" : verb.toLowerCase(Locale.ROOT);
        current = ORDER.contains(v) ? v : "unknown";
        currentOk = false;
        lastVerb = current;
    }

    /** A reply was sent for the current command (ignored outside one: the greeting). */
    public void replied(String reply) {
        if (current != null && !reply.isEmpty()) {
            char c = reply.charAt(0);
            currentOk = c == '2' || c == '3';
        }
    }

    /** The verb of the last command (for "lost connection after X"); "CONNECT" before any. */
    public String last() {
        return lastVerb == null ? "CONNECT" : lastVerb;
    }

    /** The command in progress, if any, is settled; counts so far as Postfix prints them ("" when none). */
    public String summary() {
        settle();
        return toString();
    }

    private void settle() {
        if (current != null) {
            int[] c = counts.computeIfAbsent(current, k -> new int[2]);
            c[1]++;
            if (currentOk) {
                c[0]++;
            }
            current = null;
        }
    }

    /** The settled counts only. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        int ok = 0;
        int total = 0;
        for (String verb : ORDER) {
            int[] c = counts.get(verb);
            if (c == null) {
                continue;
            }
            b.append(verb).append('=').append(pair(c[0], c[1])).append(' ');
            ok += c[0];
            total += c[1];
        }
        if (total == 0) {
            return "";
        }
        return b.append("commands=").append(pair(ok, total)).toString();
    }

    private static String pair(int ok, int total) {
        return ok == total ? Integer.toString(ok) : ok + "/" + total;
    }
}
