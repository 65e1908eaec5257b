package com.mailplatform.common.smtp;

import java.util.ArrayList;
import java.util.List;

/**
 * Assembles reply lines into {@link SmtpReply}s (RFC 5321 section 4.2.1: "250-" continues, "250 " ends, every line
 * of one reply carries the same code). Pure and fed one line at a time, so a hostile server can only get a
 * {@link MalformedReplyException}, never unbounded memory. After a complete reply it starts over, so one parser
 * serves a whole (pipelined) conversation.
 */
public final class ReplyParser {

    /**
     * The longest reply line accepted, CRLF excluded. RFC 5321 section 4.5.3.1.5 sets 512 octets as the minimum a
     * client must take; Postfix's line_length_limit is 2048. Line readers bound their buffers by it too.
     */
    public static final int MAX_LINE = 2048;
    /** A reply of more lines is not a mail server talking (an EHLO reply has a few dozen at most). */
    public static final int MAX_LINES = 100;

    private final List<String> lines = new ArrayList<>();
    private int code = -1;

    /** Feeds one line without its CRLF; returns the reply when this line completes one, else null. */
    public SmtpReply feed(String line) {
        if (line.length() > MAX_LINE) {
            throw new MalformedReplyException("reply line longer than " + MAX_LINE + " octets");
        }
        if (line.length() < 3 || !digits(line)) {
            throw new MalformedReplyException("malformed reply line: " + printable(line));
        }
        int c = Integer.parseInt(line.substring(0, 3));
        // RFC 5321 section 4.2: the first digit is 2 to 5 (1yz is not used by SMTP).
        if (c < 200 || c > 599) {
            throw new MalformedReplyException("reply code out of range: " + c);
        }
        if (code >= 0 && c != code) {
            throw new MalformedReplyException("reply code changed inside a multiline reply: " + code + " then " + c);
        }
        char sep = line.length() > 3 ? line.charAt(3) : ' ';
        if (sep != ' ' && sep != '-') {
            throw new MalformedReplyException("malformed reply line: " + printable(line));
        }
        code = c;
        lines.add(line.length() > 4 ? line.substring(4) : "");
        if (lines.size() > MAX_LINES) {
            throw new MalformedReplyException("reply with more than " + MAX_LINES + " lines");
        }
        if (sep == '-') {
            return null;
        }
        SmtpReply reply = new SmtpReply(code, lines);
        lines.clear();
        code = -1;
        return reply;
    }

    private static boolean digits(String line) {
        for (int i = 0; i < 3; i++) {
            char ch = line.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    /** At most 80 characters, control and non-ASCII characters as '?': safe to log what a hostile server sent. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char ch = s.charAt(i);
            sb.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
        }
        return sb.toString();
    }
}
