package com.mailplatform.admin.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * One SMTP reply (RFC 5321 section 4.2): lines {@code ddd-text} ending with {@code ddd text}. {@link Reader}
 * assembles it from lines without I/O, so hostile servers are tested without sockets.
 */
public record SmtpReply(int code, List<String> lines) {

    /** RFC 5321 section 4.5.3.1.5: a reply line is at most 512 octets; allow slack, but bound it. */
    public static final int MAX_LINE = 2048;
    /** A reply longer than this is not a mail server talking. */
    public static final int MAX_LINES = 200;

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    /** EHLO keywords (RFC 5321 section 4.1.1.1): every line but the first (the greeting), upper-cased keyword. */
    public List<String> capabilities() {
        return lines.size() <= 1 ? List.of() : lines.subList(1, lines.size());
    }

    public boolean has(String keyword) {
        return capabilities().stream().anyMatch(c -> c.toUpperCase(java.util.Locale.ROOT).split(" ")[0].equals(keyword));
    }

    /** Feed lines until {@link #accept} returns a reply. */
    public static final class Reader {
        private final List<String> lines = new ArrayList<>();
        private int code = -1;

        public SmtpReply accept(String line) {
            if (line.length() > MAX_LINE) {
                throw new IllegalArgumentException("reply line longer than " + MAX_LINE);
            }
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1)) || !Character.isDigit(line.charAt(2))) {
                throw new IllegalArgumentException("not an SMTP reply line: " + abbreviate(line));
            }
            int c = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && c != code) {
                throw new IllegalArgumentException("reply code changed within a multi-line reply");
            }
            code = c;
            boolean more = line.length() > 3 && line.charAt(3) == '-';
            if (line.length() > 3 && line.charAt(3) != '-' && line.charAt(3) != ' ') {
                throw new IllegalArgumentException("not an SMTP reply line: " + abbreviate(line));
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (lines.size() > MAX_LINES) {
                throw new IllegalArgumentException("reply longer than " + MAX_LINES + " lines");
            }
            return more ? null : new SmtpReply(code, List.copyOf(lines));
        }
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
