package com.mailplatform.smtp.filter;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A filter's answer. {@code reply} is a complete SMTP reply for REJECT and TEMPFAIL; {@code headers} are complete
 * header lines (without CRLF) to add on top of the message; {@code edits} are the milter modifications applied
 * to the message and envelope before it is queued.
 */
public record Verdict(Action action, String reply, List<String> headers, MessageEdits edits) {

    public enum Action {
        /** Go on with the next filter and the next stage. */
        CONTINUE,
        /** Accept now: later filters are not asked. */
        ACCEPT,
        REJECT,
        TEMPFAIL,
        /** Say 250 but drop the message (milter SMFIR_DISCARD). */
        DISCARD
    }

    private static final Verdict CONTINUE = new Verdict(Action.CONTINUE, null, List.of());

    public Verdict(Action action, String reply, List<String> headers) {
        this(action, reply, headers, MessageEdits.NONE);
    }

    public static Verdict proceed() {
        return CONTINUE;
    }

    public static Uni<Verdict> continueUni() {
        return Uni.createFrom().item(CONTINUE);
    }

    public static Verdict reject(String reply) {
        return new Verdict(Action.REJECT, reply, List.of());
    }

    public static Verdict tempfail(String reply) {
        return new Verdict(Action.TEMPFAIL, reply, List.of());
    }

    public static Verdict tag(List<String> headers) {
        return new Verdict(Action.CONTINUE, null, List.copyOf(headers));
    }

    public static Verdict edit(MessageEdits edits) {
        return new Verdict(Action.CONTINUE, null, List.of(), edits);
    }
}
