package com.mailplatform.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Text extraction for SEARCH BODY/TEXT: decoding, what is included, and the limits that hostile mail meets. */
class MessageTextTest {

    private static final int MAX = 1 << 20;

    private static MessageText text(String message) {
        return MessageText.safeOf(message.getBytes(StandardCharsets.ISO_8859_1), MAX);
    }

    @Test
    void base64TextPlainIsDecodedAndFolded() {
        String b64 = Base64.getMimeEncoder().encodeToString("Meet me at the Zeppelin hangar".getBytes(StandardCharsets.UTF_8));
        MessageText t = text("Subject: hi\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n");
        assertTrue(t.body().contains("zeppelin hangar"), t.body());
        assertTrue(t.header().contains("subject: hi"), t.header());
        assertFalse(t.body().contains("subject"), "the top-level header is not body text");
    }

    @Test
    void quotedPrintableIso88591() {
        MessageText t = text("Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Gr=FC=DFe aus K=F6ln, sch=F6ne Gr=FC=\r\nsse\r\n");
        assertTrue(t.body().contains("grüße aus köln"), t.body());
        assertTrue(t.body().contains("schöne grüsse"), "a soft line break joins the word: " + t.body());
    }

    @Test
    void htmlIsReducedToItsText() {
        MessageText t = text("Content-Type: text/html; charset=utf-8\r\n\r\n<html><head><style>p{color:red}</style></head>"
                + "<body><p>Invoice <b>No</b>&nbsp;4711 &amp; co</p><script>var hidden = 1;</script></body></html>\r\n");
        assertTrue(t.body().contains("invoice no"), t.body());
        assertTrue(t.body().contains("no 4711 & co"), "entities decoded, &nbsp; a plain space: " + t.body());
        assertFalse(t.body().contains("<b>"), t.body());
        assertFalse(t.body().contains("color:red"), t.body());
    }

    @Test
    void attachedMessagesAttachmentNamesAndEncodedWords() {
        String inner = "From: carol@inner.test\r\nSubject: =?UTF-8?Q?R=C3=A9sum=C3=A9?=\r\nContent-Type: text/plain\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getEncoder().encodeToString("nested secret".getBytes(StandardCharsets.UTF_8)) + "\r\n";
        MessageText t = text("Subject: outer\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"X\"\r\n\r\n"
                + "--X\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                + "--X\r\nContent-Type: message/rfc822\r\n\r\n" + inner
                + "--X\r\nContent-Type: application/pdf; name=\"ignored.pdf\"\r\nContent-Disposition: attachment; filename=\"Quarterly-Report.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
                + "--X\r\nContent-Type: image/png; name=\"=?UTF-8?Q?Sch=C3=B6n.png?=\"\r\n\r\nxx\r\n--X--\r\n");
        assertTrue(t.body().contains("see attached"), t.body());
        assertTrue(t.body().contains("nested secret"), "the attached message's body, decoded: " + t.body());
        assertTrue(t.body().contains("subject: résumé"), "the attached message's header, decoded: " + t.body());
        assertTrue(t.body().contains("quarterly-report.pdf"), t.body());
        assertTrue(t.body().contains("schön.png"), t.body());
        assertFalse(t.body().contains("jvberi"), "a binary attachment's content is not text");
        assertFalse(t.body().contains("outer"), t.body());
    }

    @Test
    void brokenBase64AndUnknownCharsetsDoNotFail() {
        MessageText t = text("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getEncoder().encodeToString("still readable".getBytes(StandardCharsets.UTF_8)) + "\r\n!!!not base64 at all=%%\r\n=\r\n");
        assertTrue(t.body().contains("still readable"), "what decodes is kept: " + t.body());
        MessageText u = text("Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nplain ascii words\r\n");
        assertTrue(u.body().contains("plain ascii words"), u.body());
        MessageText nul = text("Subject: a\u0000b\r\n\r\nzero\u0000byte\r\n");
        assertFalse(nul.body().contains("\u0000") || nul.header().contains("\u0000"), "PostgreSQL text cannot hold NUL");
    }

    @Test
    void hostileNestingAndSizeAreBounded() {
        StringBuilder deep = new StringBuilder("Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
        int levels = 20_000;
        for (int i = 1; i < levels; i++) {
            deep.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i).append("\"\r\n\r\n");
        }
        deep.append("--b").append(levels - 1).append("\r\nContent-Type: text/plain\r\n\r\ntoo deep to matter\r\n");
        MessageText t = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> text(deep.toString()));
        assertFalse(t.body().contains("too deep"), "parts below the nesting limit are not read");

        String huge = "Content-Type: text/plain\r\n\r\n" + "word ".repeat(1_000_000) + "\r\nthe end\r\n";
        MessageText capped = MessageText.safeOf(huge.getBytes(StandardCharsets.US_ASCII), 100_000);
        assertTrue(capped.body().length() <= 100_000, "capped at the configured size: " + capped.body().length());
        assertFalse(capped.body().contains("the end"));

        String header = "Subject: " + "x".repeat(300_000) + "\r\n\r\nbody\r\n";
        assertEquals(1000, MessageText.safeOf(header.getBytes(StandardCharsets.US_ASCII), 1000).header().length());
    }

    @Test
    void messageWithoutMimeHeadersIsTextPlain() {
        MessageText t = text("From: a@b.test\r\n\r\nJust A Body\r\n");
        assertTrue(t.body().contains("just a body"), t.body());
        assertTrue(t.header().contains("from: a@b.test"), t.header());
    }
}
