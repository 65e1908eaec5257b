package com.mailplatform.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** RFC 3501 section 6.4.4: the Date: header's own calendar date, whatever its timezone. */
class SentDateTest {

    private static long day(int y, int m, int d) {
        return LocalDate.of(y, m, d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    @Test
    void theHeadersOwnDateNotUtc() {
        assertEquals(day(2023, 1, 2), SentDate.dayMillis("Mon, 2 Jan 2023 23:30:00 -0800", null));
        assertEquals(day(2023, 1, 3), SentDate.dayMillis("Tue, 3 Jan 2023 00:30:00 +1400", null));
        assertEquals(day(2007, 3, 24), SentDate.dayMillis("24 mar 2007 10:00 GMT", null));
        assertEquals(day(1999, 12, 31), SentDate.dayMillis("  Friday, 31 December 99 23:59 EST", null));
        assertEquals(day(2003, 5, 1), SentDate.dayMillis("1 May 103 00:00 +0000", null));
    }

    @Test
    void unrecognizedFallsBackToTheParsedInstantOrNothing() {
        Date parsed = new Date(day(2020, 6, 1) + 5_000);
        assertEquals(day(2020, 6, 1), SentDate.dayMillis("garbage", parsed));
        assertEquals(day(2020, 6, 1), SentDate.dayMillis("31 Feb 2020 10:00 +0000", parsed));
        assertEquals(0, SentDate.dayMillis("garbage", null));
        assertEquals(0, SentDate.dayMillis(null, null));
    }
}
