package com.mailplatform.smtp.command;

import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.Verdict;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** What HELO and EHLO share: the session is greeted, the filters' HELO stage may refuse that greeting. */
final class Greeting {

    private Greeting() {
    }

    static CompletionStage<?> greet(SmtpSession s, String name, boolean esmtp, Supplier<String> reply) {
        s.greeted(name, esmtp);
        if (!s.filtering()) {
            s.reply(reply.get());
            return s.done();
        }
        FilterContext ctx = s.filterContext(null);
        return s.runFilters(f -> f.onHelo(ctx)).thenAccept(v -> {
            if (v.action() == Verdict.Action.REJECT || v.action() == Verdict.Action.TEMPFAIL) {
                // Postfix answers the HELO itself with a milter's refusal; the client may try again.
                s.greeted(null, false);
                s.reply(v.reply());
            } else {
                s.reply(reply.get());
            }
        });
    }
}
