package com.mailplatform.common.smtp;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One complete server reply (RFC 5321 section 4.2): a three-digit code and its text lines, as {@link ReplyParser} assembles it. */
public record SmtpReply(int code, List<String> lines) {

    private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?:\\s|$)");

    public SmtpReply {
        lines = List.copyOf(lines);
    }

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean permanentFailure() {
        return code >= 500;
    }

    /**
     * The enhanced status code (RFC 3463 section 2, announced per RFC 2034) when the server sent one of the reply's
     * class, else one derived from the class of the reply.
     */
    public String dsn() {
        Matcher m = ENHANCED.matcher(lines.isEmpty() ? "" : lines.get(0));
        if (m.find() && m.group(1).charAt(0) == Integer.toString(code).charAt(0)) {
            return m.group(1) + "." + m.group(2) + "." + m.group(3);
        }
        return (code / 100) + ".0.0";
    }

    /** The reply as one line for the mail log, like Postfix's "(host said: 550 5.1.1 ...)". */
    public String oneLine() {
        return code + " " + String.join(" ", lines);
    }
}
