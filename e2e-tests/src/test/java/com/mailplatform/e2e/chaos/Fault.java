package com.mailplatform.e2e.chaos;

import java.util.List;
import java.util.function.Predicate;

/**
 * One SIGKILL of a part and what it cost, measured from the kill: until the supervisor had it healthy again, until
 * SMTP clients got 250 again after their last 4xx or lost connection of the fault, and the same for the IMAP
 * session (NO answers, dropped sessions).
 */
record Fault(String part, long killedPid, long killedAt, long healthyAt) {

    /** A line for the report; {@code until} is when the next fault began (or the load ended). */
    String report(long until, List<ChaosSender.Attempt> smtp, List<ImapProbe.Observation> imap) {
        List<ChaosSender.Attempt> a = smtp.stream().filter(x -> x.atNanos() >= killedAt && x.atNanos() < until).toList();
        List<ImapProbe.Observation> o = imap.stream().filter(x -> x.atNanos() >= killedAt && x.atNanos() < until).toList();
        long smtpFailures = a.stream().filter(x -> x.ending() != ChaosSender.Ending.QUEUED).count();
        long smtpAfterDot = a.stream().filter(x -> x.ending() == ChaosSender.Ending.TEMP_AFTER_DOT).count();
        long smtpLostAfterDot = a.stream().filter(x -> x.ending() == ChaosSender.Ending.LOST_AFTER_DOT).count();
        String smtpBack = backAfterLastFailure(a, x -> x.ending() != ChaosSender.Ending.QUEUED, ChaosSender.Attempt::atNanos);
        long no = o.stream().filter(x -> x.seen() == ImapProbe.Seen.NO).count();
        long dropped = o.stream().filter(x -> x.seen() == ImapProbe.Seen.DROPPED).count();
        String imapBack = backAfterLastFailure(o, x -> x.seen() != ImapProbe.Seen.OK && x.seen() != ImapProbe.Seen.LOGIN_OK,
                ImapProbe.Observation::atNanos);
        return String.format("%-17s healthy %6.1f s | SMTP 250 again %8s (%d failed attempts, %d 4xx after the dot, %d lost after"
                        + " the dot) | IMAP OK again %8s (%d NO, %d dropped/refused connects)",
                part, (healthyAt - killedAt) / 1e9, smtpBack, smtpFailures, smtpAfterDot, smtpLostAfterDot, imapBack, no, dropped);
    }

    /** Seconds from the kill to the first success after the fault's last failure; "-" when nothing failed. */
    private <T> String backAfterLastFailure(List<T> events, Predicate<T> failed, java.util.function.ToLongFunction<T> at) {
        int last = -1;
        for (int i = 0; i < events.size(); i++) {
            if (failed.test(events.get(i))) {
                last = i;
            }
        }
        if (last < 0) {
            return "-";
        }
        for (int i = last + 1; i < events.size(); i++) {
            if (!failed.test(events.get(i))) {
                return String.format("%.1f s", (at.applyAsLong(events.get(i)) - killedAt) / 1e9);
            }
        }
        return "never";
    }
}
