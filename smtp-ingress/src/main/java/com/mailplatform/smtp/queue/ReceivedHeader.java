package com.mailplatform.smtp.queue;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The trace header of RFC 5321 section 4.4, written the way Postfix writes it so operators can read it, with the
 * protocol names of RFC 3848 (ESMTP, ESMTPS, ESMTPA, ESMTPSA).
 */
public final class ReceivedHeader {

    /** RFC 5322 section 3.3 date-time. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    /** {@code tls} describes the TLS session ("TLSv1.3 with cipher ...") or is null; {@code authUser} may be null. */
    public record Trace(String heloName, String clientAddress, String myhostname, boolean esmtp, String tls,
                        String authUser, String queueId, List<String> recipients, ZonedDateTime when) {
    }

    private ReceivedHeader() {
    }

    public static byte[] build(Trace t) {
        StringBuilder sb = new StringBuilder(320);
        sb.append("Received: from ").append(sanitize(t.heloName())).append(" ([").append(t.clientAddress()).append("])\r\n");
        if (t.tls() != null) {
            sb.append("\t(using ").append(t.tls()).append(")\r\n");
        }
        if (t.authUser() != null) {
            sb.append("\t(Authenticated sender: ").append(t.authUser()).append(")\r\n");
        }
        // RFC 3848: the S and A suffixes exist only on ESMTP (STARTTLS and AUTH are ESMTP extensions)
        boolean secured = t.tls() != null || t.authUser() != null;
        String protocol = (t.esmtp() || secured ? "ESMTP" : "SMTP") + (t.tls() != null ? "S" : "") + (t.authUser() != null ? "A" : "");
        sb.append("\tby ").append(t.myhostname()).append(" (mail-platform) with ").append(protocol)
                .append(" id ").append(t.queueId());
        if (t.recipients().size() == 1) {
            // Postfix names the recipient only when there is one, so a Bcc list is never disclosed.
            sb.append("\r\n\tfor <").append(t.recipients().get(0)).append(">");
        }
        sb.append("; ").append(DATE.format(t.when())).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The HELO name is client-supplied: keep header syntax intact whatever it holds. */
    static String sanitize(String helo) {
        if (helo == null || helo.isEmpty()) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder(helo.length());
        for (int i = 0; i < helo.length() && i < 255; i++) {
            char c = helo.charAt(i);
            sb.append(c > 32 && c < 127 && c != '(' && c != ')' && c != ';' ? c : '_');
        }
        return sb.toString();
    }
}
