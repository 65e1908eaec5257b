package com.mailplatform.delivery.sieve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.apache.jsieve.mail.optional.ActionVacation;

/** The reply a vacation action sends (RFC 5230 section 5). */
public final class VacationReply {

    private VacationReply() {
    }

    /**
     * RFC 5230 section 4.2: without :handle, the handle is derived from the arguments, so a changed reason is a new
     * reply to senders already answered.
     */
    public static String handle(ActionVacation v) {
        if (v.getHandle() != null) {
            return v.getHandle();
        }
        String all = String.join("\u0000", String.valueOf(v.getSubject()), String.valueOf(v.getFrom()),
                String.valueOf(v.getReason()), String.valueOf(v.getMime()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code to}: the envelope sender answered; {@code account}: the recipient whose script it is. */
    public static byte[] build(ActionVacation v, MessageView original, String account, String to, String myhostname,
                               ZonedDateTime now, String messageIdLocal) {
        StringBuilder h = new StringBuilder();
        // section 5.3: :from, else the recipient's address
        String from = v.getFrom() != null && !v.getFrom().isBlank() ? v.getFrom() : "<" + account + ">";
        h.append("From: ").append(header(from)).append("\r\n");
        h.append("To: <").append(to).append(">\r\n");
        // section 5.4: :subject, else "Auto: " and the original subject
        List<String> subj = original.header("Subject");
        String subject = v.getSubject() != null ? v.getSubject() : "Auto: " + (subj.isEmpty() ? "" : subj.get(0));
        h.append("Subject: ").append(EncoderUtil.encodeIfNecessary(oneLine(subject), EncoderUtil.Usage.TEXT_TOKEN, 9)).append("\r\n");
        h.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(now)).append("\r\n");
        h.append("Message-ID: <").append(messageIdLocal).append('@').append(myhostname).append(">\r\n");
        // section 5.6 / RFC 3834 section 3.1.5: In-Reply-To and References
        List<String> mid = original.header("Message-ID");
        if (!mid.isEmpty() && mid.get(0).length() < 1000) {
            String id = oneLine(mid.get(0));
            h.append("In-Reply-To: ").append(id).append("\r\n");
            List<String> refs = original.header("References");
            String r = refs.isEmpty() ? id : oneLine(refs.get(0)) + " " + id;
            h.append("References: ").append(r.length() > 2000 ? id : r).append("\r\n");
        }
        // section 5.1 / RFC 3834 section 5: marks the reply so other responders leave it alone
        h.append("Auto-Submitted: auto-replied (vacation)\r\n");
        h.append("MIME-Version: 1.0\r\n");
        if (v.getMime() != null) {
            // :mime: the reason is a MIME entity with its own headers (section 4.8)
            String entity = v.getMime().replaceAll("\r?\n", "\r\n");
            return (h + entity + (entity.endsWith("\r\n") ? "" : "\r\n")).getBytes(StandardCharsets.UTF_8);
        }
        h.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        String body = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(v.getReason().replaceAll("\r?\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        return (h + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String header(String s) {
        return oneLine(s);
    }

    private static String oneLine(String s) {
        String one = s.replaceAll("[\r\n]+", " ").trim();
        return one.length() > 900 ? one.substring(0, 900) : one;
    }

}
