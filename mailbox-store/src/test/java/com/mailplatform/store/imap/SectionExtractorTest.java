package com.mailplatform.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Part numbering of nested messages (RFC 3501 section 6.4.5), with imaptest's fetch-body-message-rfc822* messages. */
class SectionExtractorTest {

    private static final String SUB = "From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\nSubject: submsg\r\n\r\nHello world\r\n";
    private static final String MIDDLE_HEADER = "From: user2@domain.org\r\nDate: Fri, 23 Mar 2007 11:22:33 +0200\r\n"
            + "Mime-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n";
    /** message/rfc822 inside message/rfc822 (fetch-body-message-rfc822-x2). */
    private static final String TWICE = "From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\nMime-Version: 1.0\r\n"
            + "Content-Type: message/rfc822\r\n\r\n" + MIDDLE_HEADER + SUB;

    private static final String DIGEST = "From: sub@domain.org\r\nDate: Sun, 12 Aug 2012 12:34:56 +0300\r\nSubject: submsg\r\n"
            + "Content-Type: multipart/digest; boundary=\"foo\"\r\n\r\n"
            + "prologue\r\n\r\n--foo \r\n\r\nFrom: m1@example.com\r\nSubject: m1\r\n\r\nm1 body\r\n\r\n"
            + "--foo \r\nX-Mime: m2 header\r\n\r\nFrom: m2@example.com\r\nSubject: m2\r\n\r\nm2 body\r\n\r\n--foo--\r\n\r\nepilogue\r\n";
    /** a multipart/digest inside message/rfc822 (fetch-body-message-rfc822-mime). */
    private static final String IN_DIGEST = "From: user@domain.org\r\nDate: Sat, 24 Mar 2007 23:00:00 +0200\r\nMime-Version: 1.0\r\n"
            + "Content-Type: message/rfc822\r\n\r\n" + DIGEST;

    private static String section(String message, String section) {
        byte[] b = SectionExtractor.extract(message.getBytes(StandardCharsets.US_ASCII), section, List.of());
        return b == null ? null : new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void partOneOfAMessageRfc822MessageIsTheWholeEnclosedMessage() {
        assertEquals(MIDDLE_HEADER + SUB, section(TWICE, "1"));
        assertEquals(MIDDLE_HEADER, section(TWICE, "1.HEADER"));
        assertEquals(SUB, section(TWICE, "1.TEXT"));
        assertEquals(SUB, section(TWICE, "1.1"));
        assertEquals("Hello world\r\n", section(TWICE, "1.1.1"));
        assertEquals(SUB.substring(0, SUB.indexOf("\r\n\r\n") + 4), section(TWICE, "1.1.HEADER"));
        assertEquals("Hello world\r\n", section(TWICE, "1.1.TEXT"));
        assertNull(section(TWICE, "2"));
    }

    @Test
    void partsOfADigestInsideAMessageRfc822() {
        assertEquals(DIGEST, section(IN_DIGEST, "1"));
        assertEquals(DIGEST.substring(0, DIGEST.indexOf("\r\n\r\n") + 4), section(IN_DIGEST, "1.HEADER"));
        assertEquals("From: m1@example.com\r\nSubject: m1\r\n\r\nm1 body\r\n", section(IN_DIGEST, "1.1"));
        assertEquals("\r\n", section(IN_DIGEST, "1.1.MIME"));
        assertEquals("From: m1@example.com\r\nSubject: m1\r\n\r\n", section(IN_DIGEST, "1.1.HEADER"));
        assertEquals("m1 body\r\n", section(IN_DIGEST, "1.1.TEXT"));
        assertEquals("From: m2@example.com\r\nSubject: m2\r\n\r\nm2 body\r\n", section(IN_DIGEST, "1.2"));
        assertEquals("X-Mime: m2 header\r\n\r\n", section(IN_DIGEST, "1.2.MIME"));
        assertEquals("From: m2@example.com\r\nSubject: m2\r\n\r\n", section(IN_DIGEST, "1.2.HEADER"));
        assertEquals("m2 body\r\n", section(IN_DIGEST, "1.2.TEXT"));
        assertNull(section(IN_DIGEST, "1.3"));
    }
}
