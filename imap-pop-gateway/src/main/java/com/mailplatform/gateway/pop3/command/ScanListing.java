package com.mailplatform.gateway.pop3.command;

import com.mailplatform.gateway.pop3.Maildrop;
import com.mailplatform.gateway.pop3.Pop3Session;
import java.util.ArrayList;
import java.util.OptionalInt;
import java.util.function.IntFunction;

/**
 * The shape LIST and UIDL share (RFC 1939 sections 5 and 7): with an argument one "+OK msg value" line or a
 * refusal; without, a multi-line listing of every message not marked deleted.
 */
final class ScanListing {

    private ScanListing() {
    }

    static void answer(Pop3Session session, OptionalInt arg, String header, IntFunction<String> value) {
        Maildrop md = session.maildrop();
        if (arg.isPresent()) {
            int msg = arg.getAsInt();
            String refusal = md.refusal(msg);
            if (refusal != null) {
                session.err(refusal);
            } else {
                session.ok(msg + " " + value.apply(msg));
            }
            return;
        }
        java.util.List<String> lines = new ArrayList<>(md.size());
        for (int msg = 1; msg <= md.size(); msg++) {
            if (!md.isDeleted(msg)) {
                lines.add(msg + " " + value.apply(msg));
            }
        }
        session.multiline(header, lines);
    }
}
