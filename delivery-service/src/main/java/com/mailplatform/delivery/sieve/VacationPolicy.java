package com.mailplatform.delivery.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.jsieve.mail.optional.ActionVacation;

/** Whether a vacation action may answer this message at all (RFC 5230 sections 4.5 and 4.6, RFC 3834 section 2). */
public final class VacationPolicy {

    private static final List<String> LIST_HEADERS = List.of("List-Id", "List-Help", "List-Subscribe", "List-Unsubscribe",
            "List-Post", "List-Owner", "List-Archive");
    private static final List<String> RECIPIENT_HEADERS = List.of("To", "Cc", "Bcc", "Resent-To", "Resent-Cc", "Resent-Bcc");

    private VacationPolicy() {
    }

    /** Null when a reply may be sent; else why not (for the log). */
    public static String refusal(MessageView m, String envelopeFrom, String account, ActionVacation v) {
        if (envelopeFrom.isEmpty()) {
            return "null sender"; // RFC 5230 section 4.5: never to <>
        }
        String from = envelopeFrom.toLowerCase(Locale.ROOT);
        String local = from.substring(0, Math.max(0, from.lastIndexOf('@')));
        // RFC 5230 section 4.6: not to addresses that are mailing lists or daemons
        if (local.equals("mailer-daemon") || local.startsWith("owner-") || local.endsWith("-request")
                || local.equals("listserv") || local.equals("majordomo") || local.equals("postmaster")) {
            return "sender is a list or daemon address";
        }
        if (from.equalsIgnoreCase(account)) {
            return "sender is the recipient";
        }
        for (String auto : m.header("Auto-Submitted")) {
            if (!auto.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
                return "Auto-Submitted: " + auto.trim(); // RFC 3834 section 2
            }
        }
        for (String p : m.header("Precedence")) {
            String v2 = p.trim().toLowerCase(Locale.ROOT);
            if (v2.equals("bulk") || v2.equals("list") || v2.equals("junk")) {
                return "Precedence: " + v2;
            }
        }
        for (String h : LIST_HEADERS) {
            if (!m.header(h).isEmpty()) {
                return "list message (" + h + ")";
            }
        }
        // RFC 5230 section 4.5: only when one of the user's addresses is an explicit recipient
        List<String> mine = new ArrayList<>();
        mine.add(account.toLowerCase(Locale.ROOT));
        v.getAddresses().forEach(a -> mine.add(a.toLowerCase(Locale.ROOT)));
        for (String h : RECIPIENT_HEADERS) {
            for (String value : m.header(h)) {
                for (String a : MessageView.addresses(value)) {
                    if (mine.contains(a.toLowerCase(Locale.ROOT))) {
                        return null;
                    }
                }
            }
        }
        return "recipient not in To/Cc";
    }
}
