package com.mailplatform.smtp.queue;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The trace header of RFC 5321 section 4.4, written the way Postfix writes it so operators can read it. */
public final class ReceivedHeader {

    /** RFC 5322 section 3.3 date-time. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private ReceivedHeader() {
    }

    public static byte[] build(String heloName, String clientAddress, String myhostname, boolean esmtp,
                               String queueId, List<String> recipients, ZonedDateTime when) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("Received: from ").append(sanitize(heloName)).append(" ([").append(clientAddress).append("])\r\n");
        sb.append("\tby ").append(myhostname).append(" (mail-platform) with ").append(esmtp ? "ESMTP" : "SMTP")
                .append(" id ").append(queueId);
        if (recipients.size() == 1) {
            // Postfix names the recipient only when there is one, so a Bcc list is never disclosed.
            sb.append("\r\n\tfor <").append(recipients.get(0)).append(">");
        }
        sb.append("; ").append(DATE.format(when)).append("\r\n");
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
