package com.mailplatform.gateway.imap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SORT and THREAD syntax (RFC 5256 section 4, RFC 5267 section 3 RETURN, RFC 5957 keys). */
class SortParserTest {

    private static ImapCommand parse(String s) throws ImapParseException {
        return ImapParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sortWithCriteriaCharsetAndSearchKeys() throws Exception {
        ImapCommand.Sort s = (ImapCommand.Sort) parse("a sort (Reverse date SUBJECT displayfrom) utf-8 UNSEEN FROM \"x\"\r\n");
        assertEquals(List.of(new SortCriteria.Criterion(SortCriteria.Key.DATE, true), new SortCriteria.Criterion(SortCriteria.Key.SUBJECT, false),
                new SortCriteria.Criterion(SortCriteria.Key.DISPLAYFROM, false)), s.criteria().criteria());
        assertEquals("utf-8", s.charset());
        assertNull(s.returnOptions());
        assertInstanceOf(SearchKey.And.class, s.key());
        assertTrue(!s.uid());
        ImapCommand.Sort u = (ImapCommand.Sort) parse("b UID SORT RETURN (min MAX) (ARRIVAL) US-ASCII 1:*\r\n");
        assertTrue(u.uid());
        assertEquals(List.of("MIN", "MAX"), u.returnOptions());
        assertInstanceOf(SearchKey.Sequence.class, u.key());
        ImapCommand.Sort empty = (ImapCommand.Sort) parse("c SORT RETURN () (SIZE) \"UTF-8\" ALL\r\n");
        assertEquals(List.of(), empty.returnOptions());
    }

    @Test
    void threadWithEitherAlgorithm() throws Exception {
        ImapCommand.Thread t = (ImapCommand.Thread) parse("a THREAD references UTF-8 ALL\r\n");
        assertEquals("REFERENCES", t.algorithm());
        ImapCommand.Thread u = (ImapCommand.Thread) parse("a UID THREAD ORDEREDSUBJECT KOI8-R (SEEN DELETED)\r\n");
        assertEquals("ORDEREDSUBJECT", u.algorithm());
        assertEquals("KOI8-R", u.charset(), "the handler answers NO [BADCHARSET]");
        assertTrue(u.uid());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "a SORT\r\n",
            "a SORT ()\r\n",
            "a SORT () UTF-8 ALL\r\n",
            "a SORT (DATE) UTF-8\r\n",
            "a SORT (DATE)\r\n",
            "a SORT DATE UTF-8 ALL\r\n",
            "a SORT (REVERSE) UTF-8 ALL\r\n",
            "a SORT (REVERSE REVERSE DATE) UTF-8 ALL\r\n",
            "a SORT (DATE REVERSE) UTF-8 ALL\r\n",
            "a SORT (BOGUS) UTF-8 ALL\r\n",
            "a SORT (DATE) UTF-8 BOGUS\r\n",
            "a SORT RETURN (PARTIAL 1:10) (DATE) UTF-8 ALL\r\n",
            "a SORT RETURN (SAVE) (DATE) UTF-8 ALL\r\n",
            "a SORT RETURN MIN (DATE) UTF-8 ALL\r\n",
            "a SORT (DATE (SIZE)) UTF-8 ALL\r\n",
            "a THREAD\r\n",
            "a THREAD REFERENCES\r\n",
            "a THREAD REFERENCES UTF-8\r\n",
            "a THREAD BOGUS UTF-8 ALL\r\n",
            "a THREAD (REFERENCES) UTF-8 ALL\r\n",
            "a UID THREAD REFERENCES UTF-8 ALL extra)\r\n",
    })
    void badInputIsAParseError(String line) {
        assertThrows(ImapParseException.class, () -> parse(line));
    }

    @Test
    void limits() throws Exception {
        String seventeen = String.join(" ", java.util.Collections.nCopies(SortCriteria.MAX_CRITERIA + 1, "DATE"));
        assertThrows(ImapParseException.class, () -> parse("a SORT (" + seventeen + ") UTF-8 ALL\r\n"));
        String sixteen = String.join(" ", java.util.Collections.nCopies(SortCriteria.MAX_CRITERIA, "REVERSE DATE"));
        assertEquals(SortCriteria.MAX_CRITERIA, ((ImapCommand.Sort) parse("a SORT (" + sixteen + ") UTF-8 ALL\r\n")).criteria().criteria().size());
        String deep = "(".repeat(ImapParser.MAX_DEPTH + 5) + "ALL" + ")".repeat(ImapParser.MAX_DEPTH + 5);
        assertThrows(ImapParseException.class, () -> parse("a THREAD REFERENCES UTF-8 " + deep + "\r\n"));
        String many = String.join(" ", java.util.Collections.nCopies(1001, "SEEN"));
        assertThrows(ImapParseException.class, () -> parse("a SORT (DATE) UTF-8 " + many + "\r\n"));
    }
}
