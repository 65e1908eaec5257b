package com.mailplatform.gateway.imap.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5256 section 2.1 base subject extraction and the i;unicode-casemap keys it is compared with. */
class BaseSubjectTest {

    @ParameterizedTest(name = "[{0}] -> [{1}] reply={2}")
    @CsvSource(delimiter = '|', value = {
            "hello|hello|false",
            "Re: hello|hello|true",
            "RE:hello|hello|true",
            "re : hello|hello|true",
            "Fwd: hello|hello|true",
            "fw: hello|hello|true",
            "Re[2]: hello|hello|true",
            "Re: Re: Fwd: hello|hello|true",
            "[list] Re: hello|hello|true",
            "Re: [list] hello|hello|true",
            "[list] hello|hello|false",
            "[xyz]|[xyz]|false",
            "hello (fwd)|hello|true",
            "hello (FWD)  (fwd) |hello|true",
            "[Fwd: hello]|hello|true",
            "re: [fwd: [fwd: re: [fwd: babylon]]]|babylon|true",
            "[foo] Fwd: [bar] Re: fw: b (fWd)  (fwd)|b|true",
            "Ad: Re: Ad: x|Ad: Re: Ad: x|false",
            "  spaced\t\tout  |spaced out|false",
            "Re:|''|true",
            "Reply: hello|Reply: hello|false",
            "[unterminated hello|[unterminated hello|false",
    })
    void extraction(String subject, String base, boolean reply) {
        BaseSubject b = BaseSubject.of(subject);
        assertEquals(base, b.text());
        assertEquals(reply, b.reply());
    }

    @Test
    void missingSubjectIsEmpty() {
        assertEquals("", BaseSubject.of(null).text());
        assertEquals("", BaseSubject.of("").text());
    }

    @Test
    void casemapIgnoresCaseAndCompatibilityForms() {
        assertEquals(Casemap.key("Hello"), Casemap.key("hELLO"));
        assertEquals(Casemap.key("\uFF21\uFF22"), Casemap.key("ab"), "NFKD maps the fullwidth forms");
        assertEquals(Casemap.key("Café"), Casemap.key("CAFE\u0301"));
        // titlecase puts letters before '[' and '_' (imaptest's sort-subject expects "[xyz]" and "_" after letters)
        assertTrue(Casemap.compare(Casemap.key("z"), Casemap.key("[")) < 0);
        assertTrue(Casemap.compare("\uFFFF", "\uD83D\uDE00") < 0, "code point order, not UTF-16 order");
    }

    @Test
    void hostileSubjectsStayLinear() {
        String many = "Re: ".repeat(20_000) + "[a]".repeat(20_000) + "x" + " (fwd)".repeat(20_000);
        long start = System.nanoTime();
        assertEquals("x", BaseSubject.of(many).text());
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "linear in the subject's length");
    }
}
