package com.mailplatform.smtp.filter;

import io.smallrye.mutiny.Uni;

/**
 * The content hook: a scanner or policy filter called at the SMTP stages Postfix hands to milters. Every stage
 * defaults to CONTINUE, so a filter implements only what it needs. {@link #onMessage} sees the complete message
 * before the 250 and may reject, tempfail, discard or add headers. Filters run in {@link #order()}.
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
}
