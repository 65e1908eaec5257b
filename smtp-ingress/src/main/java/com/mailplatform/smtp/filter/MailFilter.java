package com.mailplatform.smtp.filter;

import io.smallrye.mutiny.Uni;

/**
 * The content hook: a scanner or policy filter called at the SMTP stages Postfix hands to milters, as they happen.
 * Every stage defaults to CONTINUE, so a filter implements only what it needs. Filters run in {@link #order()}.
 * <ul>
 * <li>{@link #onConnect}: REJECT/TEMPFAIL is remembered and given as the reply to every MAIL of the session
 *     (Postfix's delayed reject: HELO/EHLO still work, so the client learns why at MAIL);</li>
 * <li>{@link #onHelo}: REJECT/TEMPFAIL answers that HELO/EHLO;</li>
 * <li>{@link #onMail}: REJECT/TEMPFAIL answers that MAIL; DISCARD drops the transaction's message after 250;</li>
 * <li>{@link #onRcpt}: REJECT/TEMPFAIL refuses that recipient only;</li>
 * <li>{@link #onMessage} sees the complete message before the 250 and may reject, tempfail, discard, add headers
 *     and edit the message (MessageEdits). Headers and edits returned at earlier stages are ignored: a filter that
 *     wants to add a header for them keeps its result in {@link FilterContext#session()} until then.</li>
 * </ul>
 * {@link #onAbort} says the transaction ended without a message (RSET, HELO/EHLO, STARTTLS, a refused message);
 * {@link #onClose} says the connection is gone. Neither can answer the client.
 */
public interface MailFilter {

    default int order() {
        return 100;
    }

    default Uni<Verdict> onConnect(FilterContext ctx) {
        return Verdict.continueUni();
    }

    default Uni<Verdict> onHelo(FilterContext ctx) {
        return Verdict.continueUni();
    }

    default Uni<Verdict> onMail(FilterContext ctx) {
        return Verdict.continueUni();
    }

    default Uni<Verdict> onRcpt(FilterContext ctx, String recipient) {
        return Verdict.continueUni();
    }

    /** {@code message} is the complete message as received (without the Received header we add). */
    default Uni<Verdict> onMessage(FilterContext ctx, byte[] message) {
        return Verdict.continueUni();
    }

    default void onAbort(FilterContext ctx) {
    }

    default void onClose(FilterContext ctx) {
    }
}
