package com.mailplatform.common.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderFieldsTest {

    private static final String HEADER = "From: a@x.test\r\nSubject: one\r\n two\r\nX-Other: o\r\nsubject: again\r\nBroken line\r\n\r\n";

    private static String filter(String header, boolean keep, String... fields) {
        return new String(HeaderFields.filter(header.getBytes(StandardCharsets.ISO_8859_1), List.of(fields), keep), StandardCharsets.ISO_8859_1);
    }

    @Test
    void keepsNamedFieldsWithTheirContinuationsCaseInsensitively() {
        assertEquals("Subject: one\r\n two\r\nsubject: again\r\n\r\n", filter(HEADER, true, "SUBJECT"));
        assertEquals("From: a@x.test\r\nSubject: one\r\n two\r\nsubject: again\r\n\r\n", filter(HEADER, true, "from", "Subject", "Cc"));
    }

    @Test
    void notDropsNamedFieldsAndNeverKeepsALineWithoutAColon() {
        assertEquals("From: a@x.test\r\nX-Other: o\r\n\r\n", filter(HEADER, false, "Subject"));
    }

    @Test
    void bareLfAndAHeaderWithoutBlankLineOrFinalNewline() {
        assertEquals("Subject: s\n\r\n", filter("From: f\nSubject: s\n\nbody", true, "subject"));
        assertEquals("To: t\r\n", filter("From: f\r\nTo: t", true, "to"));
        assertEquals("\r\n", filter("", true, "to"));
    }
}
