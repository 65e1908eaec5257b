package com.mailplatform.delivery.bounce;

import com.mailplatform.common.address.MailAddress;
import com.mailplatform.delivery.queue.Settlement.DsnEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Builds a delivery status notification (RFC 3464, inside RFC 6522 multipart/report): a human part, the
 * message/delivery-status part, and the original message's header (text/rfc822-headers) or, for RET=FULL
 * (RFC 3461 section 4.3), the whole message (message/rfc822). Pure: bytes in, bytes out.
 * When the sender or a reported address is non-ASCII (SMTPUTF8 mail), the report is RFC 6533's internationalized
 * form instead: report-type global-delivery-status, UTF-8 header fields (RFC 6532), the "utf-8" address type and
 * message/global-headers or message/global for the returned content.
 */
public final class DsnMessage {

    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.ROOT);

    /** Everything one report says. {@code original} is the raw message; {@code ret} RFC 3461 RET (null = HDRS). */
    public record Input(DsnKind kind, String myhostname, String queueId, String envid, Instant arrival, String sender,
                        List<DsnEntry> entries, byte[] original, String ret, Instant now, String boundary) {
    }

    private DsnMessage() {
    }

    public static byte[] build(Input in) {
        boolean global = global(in);
        StringBuilder sb = new StringBuilder();
        String date = RFC5322.format(in.now().atZone(ZoneOffset.UTC));
        sb.append("From: MAILER-DAEMON@").append(in.myhostname()).append(" (Mail Delivery System)\r\n");
        sb.append("To: <").append(global ? text(in.sender()) : in.sender()).append(">\r\n");
        sb.append("Subject: ").append(in.kind().subject).append("\r\n");
        sb.append("Date: ").append(date).append("\r\n");
        sb.append("Message-ID: <").append(in.queueId()).append('.').append(in.kind().letter).append(in.now().toEpochMilli())
                .append('@').append(in.myhostname()).append(">\r\n");
        // RFC 3834 section 5: automatic responses must not trigger further automatic responses.
        sb.append("Auto-Submitted: auto-replied\r\n");
        sb.append("MIME-Version: 1.0\r\n");
        sb.append("Content-Type: multipart/report; report-type=").append(global ? "global-delivery-status" : "delivery-status")
                .append(";\r\n\tboundary=\"").append(in.boundary()).append("\"\r\n");
        sb.append("\r\nThis is a MIME-encapsulated message.\r\n\r\n");

        sb.append("--").append(in.boundary()).append("\r\n");
        sb.append("Content-Description: Notification\r\nContent-Type: text/plain; charset=")
                .append(global ? "utf-8\r\nContent-Transfer-Encoding: 8bit" : "us-ascii").append("\r\n\r\n");
        sb.append(humanText(in, global));

        sb.append("\r\n--").append(in.boundary()).append("\r\n");
        sb.append("Content-Description: Delivery report\r\nContent-Type: ")
                .append(global ? "message/global-delivery-status" : "message/delivery-status").append("\r\n\r\n");
        // Per-message fields (RFC 3464 section 2.2).
        sb.append("Reporting-MTA: dns; ").append(in.myhostname()).append("\r\n");
        sb.append("X-Postfix-Queue-ID: ").append(in.queueId()).append("\r\n");
        if (in.envid() != null && !in.envid().isEmpty()) {
            sb.append("Original-Envelope-Id: ").append(ascii(in.envid())).append("\r\n");
        }
        sb.append("Arrival-Date: ").append(RFC5322.format(in.arrival().atZone(ZoneOffset.UTC))).append("\r\n");
        // Per-recipient fields (section 2.3), each group after a blank line.
        for (DsnEntry e : in.entries()) {
            sb.append("\r\n");
            sb.append("Final-Recipient: ").append(address(e.outcome().recipient(), global)).append("\r\n");
            if (e.recipient().orcpt() != null && !e.recipient().orcpt().isEmpty()) {
                sb.append("Original-Recipient: ").append(ascii(e.recipient().orcpt())).append("\r\n");
            } else if (!e.outcome().origRecipient().isEmpty()) {
                sb.append("Original-Recipient: ").append(address(e.outcome().origRecipient(), global)).append("\r\n");
            }
            sb.append("Action: ").append(in.kind().action).append("\r\n");
            sb.append("Status: ").append(status(in.kind(), e.outcome().dsn())).append("\r\n");
            String relay = e.outcome().relay();
            int bracket = relay.indexOf('[');
            if (bracket > 0) {
                sb.append("Remote-MTA: dns; ").append(relay, 0, bracket).append("\r\n");
            }
            sb.append("Diagnostic-Code: ").append(relay.equals("local") || bracket < 0 ? "x-unix; " : "smtp; ")
                    .append(ascii(e.outcome().reply())).append("\r\n");
            if (in.kind() == DsnKind.DELAYED) {
                sb.append("Will-Retry-Until: ").append(date).append("\r\n");
            }
        }

        boolean full = "FULL".equalsIgnoreCase(in.ret());
        sb.append("\r\n--").append(in.boundary()).append("\r\n");
        // RFC 6533 section 6.3 and RFC 6532 section 3.7: the returned content of UTF-8 mail may have UTF-8 headers.
        sb.append(full ? "Content-Description: Undelivered Message\r\nContent-Type: " + (global ? "message/global" : "message/rfc822") + "\r\n\r\n"
                : "Content-Description: Undelivered Message Headers\r\nContent-Type: "
                        + (global ? "message/global-headers" : "text/rfc822-headers") + "\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Only the global form holds non-ASCII (text() keeps it; ascii() has replaced it everywhere else).
        out.writeBytes(sb.toString().getBytes(global ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII));
        byte[] original = in.original() == null ? new byte[0] : in.original();
        out.writeBytes(full ? original : java.util.Arrays.copyOf(original, headerLength(original)));
        out.writeBytes(("\r\n--" + in.boundary() + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The length of the header section including its ending blank line (the whole content when there is no body). */
    public static int headerLength(byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] == '\n') {
                if (i + 1 < m.length && m[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < m.length && m[i + 1] == '\r' && m[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return m.length;
    }

    /** RFC 3464 section 2.3.4: a failed recipient's Status has class 5; an expired temporary failure becomes 5.x.x. */
    static String status(DsnKind kind, String dsn) {
        if (kind == DsnKind.FAILED && dsn.startsWith("4")) {
            return "5" + dsn.substring(1);
        }
        if (kind == DsnKind.DELAYED && dsn.startsWith("2")) {
            return "4.0.0";
        }
        return dsn;
    }

    /** RFC 6533 section 3: a non-ASCII address is typed "utf-8" and written as it is in a global report. */
    private static String address(String a, boolean global) {
        return global && MailAddress.needsSmtputf8(a) ? "utf-8; " + text(a) : "rfc822; " + ascii(a);
    }

    /** The RFC 6533 form is needed when any address the report names is UTF-8. */
    static boolean global(Input in) {
        if (MailAddress.needsSmtputf8(in.sender())) {
            return true;
        }
        for (DsnEntry e : in.entries()) {
            if (MailAddress.needsSmtputf8(e.outcome().recipient()) || MailAddress.needsSmtputf8(e.outcome().origRecipient())) {
                return true;
            }
        }
        return false;
    }

    private static String humanText(Input in, boolean global) {
        StringBuilder sb = new StringBuilder();
        sb.append("This is the mail system at host ").append(in.myhostname()).append(".\r\n\r\n");
        switch (in.kind()) {
            case FAILED -> sb.append("I'm sorry to have to inform you that your message could not\r\n"
                    + "be delivered to one or more recipients. It's attached below.\r\n");
            case DELAYED -> sb.append("Your message could not be delivered for some time. It will be retried\r\n"
                    + "until it is too old; you do not need to send it again.\r\n");
            case DELIVERED -> sb.append("Your message was successfully delivered to the destination(s) listed\r\n"
                    + "below, as you asked.\r\n");
        }
        sb.append("\r\n");
        for (DsnEntry e : in.entries()) {
            sb.append("<").append(global ? text(e.outcome().recipient()) : ascii(e.outcome().recipient())).append(">: ")
                    .append(ascii(e.outcome().reply())).append("\r\n");
        }
        return sb.toString();
    }

    /** UTF-8 text for a global report (RFC 6532): controls still become '?', and the same length cut applies. */
    private static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && i < 900; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f) ? c : '?');
        }
        return sb.toString();
    }

    /** Header fields are ASCII (RFC 3464 section 2.1.1); anything else becomes '?', and folding is not needed here. */
    private static String ascii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        // RFC 5322 section 2.1.1: lines stay under 998 octets; a diagnostic longer than this is cut.
        for (int i = 0; i < s.length() && i < 900; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
