package com.mailplatform.delivery.queue;

import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import java.util.List;

/**
 * What a filter's quarantine (milter SMFIR_QUARANTINE) means for the queue, decided without I/O: no delivery attempt,
 * every recipient (local and remote) waits on hold with the reason, like Postfix's hold queue, until an operator
 * releases it. {@link DeferredQueue#hold} makes it durable.
 *
 * <p>While held, an entry never expires into a bounce: the queue runner never claims held rows, and only an attempt
 * applies maximal_queue_lifetime (postsuper(1) -h: mail "on hold" does not expire; it becomes subject to expiration
 * after it is released). After a release, the lifetime still counts from the arrival time, as Postfix's does after
 * {@code postsuper -H}: a message held for longer than the lifetime bounces if its first attempt after the release
 * fails temporarily.
 */
public final class Hold {

    /** RFC 3463 X.7.0 (other security or policy status), temporary: a hold is no final outcome. */
    public static final String DSN = "4.7.0";
    /** Longest reason kept; a milter's string is not bounded by the protocol. */
    static final int MAX_REASON = 500;

    private Hold() {
    }

    /** One held outcome per recipient, logged as {@code status=held (hold: <reason>)}. */
    public static List<Outcome> outcomes(Job job, String reason) {
        String text = "hold: " + clean(reason);
        return job.recipients().stream()
                .map(r -> new Outcome(r.address(), "none", DSN, Status.HELD, text).withOrigRecipient(r.origAddress()))
                .toList();
    }

    /**
     * The reason as one printable line: a filter's text must not break the mail log into forged lines (CR, LF) nor
     * grow the queue row without bound.
     */
    static String clean(String reason) {
        StringBuilder b = new StringBuilder();
        reason.strip().codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String s = b.toString().strip();
        if (s.isEmpty()) {
            return "quarantined by a filter";
        }
        return s.codePointCount(0, s.length()) <= MAX_REASON ? s : s.substring(0, s.offsetByCodePoints(0, MAX_REASON)) + "...";
    }
}
