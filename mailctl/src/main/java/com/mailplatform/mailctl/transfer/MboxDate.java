package com.mailplatform.mailctl.transfer;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date of an mbox "From " line, which becomes INTERNALDATE: asctime() form ("Thu Dec  3 23:47:34 2026", as
 * Postfix local, Python's mailbox and Dovecot write it), optionally with a zone before or after the year. Without
 * a zone it is the writer's local time, taken in {@code zone}.
 */
public final class MboxDate {

    private static final Pattern DATE = Pattern.compile(
            "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\\d{1,2}) +(\\d{1,2}):(\\d{2})(?::(\\d{2}))?"
                    + "(?: +([+-]\\d{4}|[A-Z]{1,5}))? +(\\d{4})(?: +([+-]\\d{4}))?\\s*$");
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private MboxDate() {
    }

    /** Epoch millis, or 0 when the line holds no date this understands (the store then uses the time of import). */
    public static long parse(String fromLine, ZoneId zone) {
        Matcher m = DATE.matcher(fromLine);
        if (!m.find()) {
            return 0;
        }
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(m.group(7)), MONTHS.indexOf(m.group(1)) / 3 + 1, Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), m.group(5) == null ? 0 : Integer.parseInt(m.group(5)));
            String offset = m.group(8) != null ? m.group(8) : m.group(6) != null && m.group(6).matches("[+-]\\d{4}") ? m.group(6) : null;
            ZoneId z = offset != null ? ZoneOffset.of(offset) : zone;
            return t.atZone(z).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return 0; // Feb 30 and the like
        }
    }

    /** asctime() of {@code millis} in UTC, as the export's "From " lines carry it. */
    public static String format(long millis) {
        return ASCTIME.format(java.time.Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
    }
}
