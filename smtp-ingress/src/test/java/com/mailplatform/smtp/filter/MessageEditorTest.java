package com.mailplatform.smtp.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageEditorTest {

    private static final byte[] MSG = ("From: a@b\r\nSubject: one\r\n two\r\nX-Tag: 1\r\nX-Tag: 2\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static String apply(MessageEdits e) {
        return new String(MessageEditor.apply(MSG, e), StandardCharsets.US_ASCII);
    }

    private static MessageEdits headers(MessageEdits.HeaderEdit... e) {
        return new MessageEdits(List.of(e), null, List.of(), List.of(), null);
    }

    @Test
    void keepsFoldedFieldsAndBody() {
        MessageEditor.Parsed p = MessageEditor.parse(MSG);
        assertEquals(4, p.fields().size());
        assertEquals("one\r\n two", p.fields().get(1).value());
        assertSame(MSG, MessageEditor.apply(MSG, MessageEdits.NONE));
    }

    @Test
    void addsInsertsChangesAndDeletesHeaders() {
        String out = apply(headers(
                new MessageEdits.HeaderEdit(MessageEdits.HeaderEdit.Kind.ADD, 0, "X-Spam", "yes"),
                new MessageEdits.HeaderEdit(MessageEdits.HeaderEdit.Kind.INSERT, 0, "X-First", "a\n\tb"),
                new MessageEdits.HeaderEdit(MessageEdits.HeaderEdit.Kind.CHANGE, 2, "x-tag", "two"),
                new MessageEdits.HeaderEdit(MessageEdits.HeaderEdit.Kind.CHANGE, 1, "Subject", "")));
        assertEquals("X-First: a\r\n\tb\r\nFrom: a@b\r\nX-Tag: 1\r\nx-tag: two\r\nX-Spam: yes\r\n\r\nbody\r\n", out);
    }

    @Test
    void replacesBodyAndLeavesTheQuarantineToTheQueue() {
        String out = apply(new MessageEdits(List.of(), "new\r\n".getBytes(StandardCharsets.US_ASCII), List.of(),
                List.of(), "virus\r\nfound"));
        assertEquals("From: a@b\r\nSubject: one\r\n two\r\nX-Tag: 1\r\nX-Tag: 2\r\n\r\nnew\r\n", out);
    }

    @Test
    void survivesAMessageWithoutHeadersOrBlankLine() {
        byte[] odd = "no header here\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, MessageEditor.parse(odd).fields().size());
        assertEquals("X-A: 1\r\n\r\nno header here\r\n", new String(MessageEditor.apply(odd, headers(
                new MessageEdits.HeaderEdit(MessageEdits.HeaderEdit.Kind.ADD, 0, "X-A", "1"))), StandardCharsets.US_ASCII));
        assertEquals(0, MessageEditor.parse(new byte[0]).fields().size());
    }
}
