package com.mailplatform.store.imap;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calendar date a Date: header names in its own timezone, for SENTBEFORE/SENTON/SENTSINCE: RFC 3501 section
 * 6.4.4 compares "the date of the Date: header (disregarding time and timezone)", so "Mon, 2 Jan 2023 23:30 -0800"
 * is sent on the 2nd, although it is the 3rd in UTC. Kept as epoch millis of UTC midnight of that date.
 */
final class SentDate {

    /** RFC 5322 section 3.3 date (and section 4.3's obsolete two- and three-digit years), after an optional day name. */
    private static final Pattern DATE = Pattern.compile("^\\s*(?:\\([^)]*\\)\\s*)?(?:[A-Za-z]{3,9}\\s*,\\s*)?(\\d{1,2})\\s+([A-Za-z]{3})[A-Za-z]*\\.?\\s+(\\d{2,4})(?!\\d)");
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private SentDate() {
    }

    /**
     * The header's own date at UTC midnight; when the text has no recognizable date but Mime4j parsed an instant,
     * that instant's UTC date; 0 when there is neither.
     */
    static long dayMillis(String header, Date parsed) {
        if (header != null) {
            Matcher m = DATE.matcher(header);
            if (m.find()) {
                int month = MONTHS.indexOf(m.group(2).toLowerCase(Locale.ROOT));
                if (month >= 0 && month % 3 == 0) {
                    int year = Integer.parseInt(m.group(3));
                    if (m.group(3).length() == 2) {
                        year += year < 50 ? 2000 : 1900;
                    } else if (m.group(3).length() == 3) {
                        year += 1900;
                    }
                    try {
                        return LocalDate.of(year, month / 3 + 1, Integer.parseInt(m.group(1))).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                    } catch (DateTimeException impossible) {
                        // e.g. 31 Feb: fall through to what Mime4j made of it
                    }
                }
            }
        }
        if (parsed == null) {
            return 0;
        }
        return Instant.ofEpochMilli(parsed.getTime()).atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
