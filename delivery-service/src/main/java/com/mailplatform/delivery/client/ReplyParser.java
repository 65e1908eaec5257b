package com.mailplatform.delivery.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Assembles reply lines into {@link SmtpReply}s (RFC 5321 section 4.2.1: "250-" continues, "250 " ends). Pure and
 * fed one line at a time, so a hostile server can only get a {@link SmtpProtocolException}, never unbounded memory.
 */
public final class ReplyParser {

    /** Postfix's smtp_line_length_limit is about reply text too; 512 octets is the RFC 5321 minimum (4.5.3.1.5). */
    public static final int MAX_LINE = 2048;
    public static final int MAX_LINES = 100;

    private final List<String> lines = new ArrayList<>();
    private int code = -1;

    /** Feeds one line without its CRLF; returns the reply when this line completes one, else null. */
    public SmtpReply feed(String line) {
        if (line.length() > MAX_LINE) {
            throw new SmtpProtocolException("reply line longer than " + MAX_LINE + " octets");
        }
        if (line.length() < 3 || !digits(line)) {
            throw new SmtpProtocolException("malformed reply line: " + printable(line));
        }
        int c = Integer.parseInt(line.substring(0, 3));
        if (c < 200 || c > 599) {
            throw new SmtpProtocolException("reply code out of range: " + c);
        }
        if (code >= 0 && c != code) {
            throw new SmtpProtocolException("reply code changed inside a multiline reply: " + code + " then " + c);
        }
        char sep = line.length() > 3 ? line.charAt(3) : ' ';
        if (sep != ' ' && sep != '-') {
            throw new SmtpProtocolException("malformed reply line: " + printable(line));
        }
        code = c;
        lines.add(line.length() > 4 ? line.substring(4) : "");
        if (lines.size() > MAX_LINES) {
            throw new SmtpProtocolException("reply with more than " + MAX_LINES + " lines");
        }
        if (sep == '-') {
            return null;
        }
        SmtpReply reply = new SmtpReply(code, List.copyOf(lines));
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

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char ch = s.charAt(i);
            sb.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
        }
        return sb.toString();
    }
}
