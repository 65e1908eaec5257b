package com.mailplatform.gateway.imap.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14's parser bugs and extensions: '~' atoms, month case, MULTIAPPEND, WITHIN, SEARCHRES, SAVEDATE, OBJECTID. */
class ImapParserExtensionsTest {

    private static ImapCommand parse(String s) throws ImapParseException {
        return ImapParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ImapParseException bad(String s) {
        return assertThrows(ImapParseException.class, () -> parse(s));
    }

    /** Issue 14: "SELECT ~foo" got "BAD expected '{'"; '~' is an ATOM-CHAR, only "~{" starts a literal8 (RFC 3516). */
    @Test
    void tildeIsAnAtomCharacter() throws Exception {
        assertEquals("~foo", ((ImapCommand.Select) parse("a SELECT ~foo\r\n")).mailbox());
        assertEquals("~foo/~bar", ((ImapCommand.Create) parse("a CREATE ~foo/~bar\r\n")).mailbox());
        assertEquals("~", ((ImapCommand.Delete) parse("a DELETE ~\r\n")).mailbox());
        assertEquals("~x", ((ImapCommand.Login) parse("a LOGIN ~x ~y\r\n")).user());
        assertEquals("abc", ((ImapCommand.Select) parse("a SELECT ~{3}\r\nabc\r\n")).mailbox());
        ImapCommand.Append ap = (ImapCommand.Append) parse("a APPEND ~box ~{2}\r\nhi\r\n");
        assertEquals("~box", ap.mailbox());
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), ap.message());
    }

    /** Issue 14: "SENTBEFORE 24-mar-2007", "SINCE 1-JAN-2000" and APPEND "22-feb-2008 ..." got BAD (RFC 9051 date-month is case-insensitive). */
    @Test
    void monthNamesAreCaseInsensitive() throws Exception {
        SearchKey.Date d = (SearchKey.Date) ((ImapCommand.Search) parse("a SEARCH SENTBEFORE 24-mar-2007\r\n")).key();
        assertEquals(LocalDate.of(2007, 3, 24), d.date());
        assertEquals(LocalDate.of(2000, 1, 1), ((SearchKey.Date) ((ImapCommand.Search) parse("a SEARCH SINCE 1-JAN-2000\r\n")).key()).date());
        assertEquals(LocalDate.of(2000, 12, 1), ((SearchKey.Date) ((ImapCommand.Search) parse("a SEARCH ON \"1-dEc-2000\"\r\n")).key()).date());
        ImapCommand.Append ap = (ImapCommand.Append) parse("a APPEND INBOX \"22-feb-2008 10:00:00 +0100\" {1}\r\nx\r\n");
        assertEquals(LocalDate.of(2008, 2, 22), ap.internalDate().toLocalDate());
        ImapCommand.Append sp = (ImapCommand.Append) parse("a APPEND INBOX \" 2-FEB-2008 10:00:00 +0100\" {1}\r\nx\r\n");
        assertEquals(2, sp.internalDate().getDayOfMonth());
        bad("a SEARCH SINCE 1-Foo-2000\r\n");
        bad("a APPEND INBOX \"22-fe-2008 10:00:00 +0100\" {1}\r\nx\r\n");
    }

    /** RFC 3502: several messages in one APPEND, each with its own flags and date. */
    @Test
    void multiappend() throws Exception {
        ImapCommand.MultiAppend m = (ImapCommand.MultiAppend) parse("a APPEND Drafts (\\Seen) {2}\r\nm1 \"1-jan-2020 00:00:00 +0000\" {2+}\r\nm2 {2}\r\nm3\r\n");
        assertEquals("Drafts", m.mailbox());
        assertEquals(3, m.messages().size());
        assertEquals(List.of("\\Seen"), m.messages().get(0).flags());
        assertEquals(2020, m.messages().get(1).internalDate().getYear());
        assertArrayEquals("m3".getBytes(StandardCharsets.US_ASCII), m.messages().get(2).message());
        assertInstanceOf(ImapCommand.Append.class, parse("a APPEND Drafts {2}\r\nm1\r\n"));
        bad("a APPEND Drafts {2}\r\nm1 \r\n");
        bad("a APPEND Drafts {2}\r\nm1 x\r\n");
        StringBuilder many = new StringBuilder("a APPEND Drafts");
        for (int i = 0; i <= ImapParser.MAX_APPEND_MESSAGES; i++) {
            many.append(" {1}\r\nx");
        }
        assertTrue(bad(many + "\r\n").getMessage().contains("too many"));
    }

    /** RFC 5032 OLDER/YOUNGER, RFC 8514 SAVED* keys, RFC 5182 "$" and RETURN (SAVE). */
    @Test
    void withinSaveDateAndSearchres() throws Exception {
        SearchKey.And and = (SearchKey.And) ((ImapCommand.Search) parse("a SEARCH OLDER 60 YOUNGER 3600 SAVEDBEFORE 1-jan-2020 SAVEDATESUPPORTED $\r\n")).key();
        assertEquals(new SearchKey.Within(true, 60), and.keys().get(0));
        assertEquals(new SearchKey.Within(false, 3600), and.keys().get(1));
        assertEquals(new SearchKey.SaveDate(-1, LocalDate.of(2020, 1, 1)), and.keys().get(2));
        assertEquals(new SearchKey.SaveDateSupported(), and.keys().get(3));
        SearchKey.Sequence saved = (SearchKey.Sequence) and.keys().get(4);
        assertTrue(saved.set().saved());
        ImapCommand.Search s = (ImapCommand.Search) parse("a UID SEARCH RETURN (SAVE MIN) UID $\r\n");
        assertEquals(List.of("SAVE", "MIN"), s.returnOptions());
        assertTrue(((ImapCommand.Fetch) parse("a FETCH $ (FLAGS)\r\n")).set().saved());
        assertTrue(((ImapCommand.Copy) parse("a UID MOVE $ Trash\r\n")).set().saved());
        assertTrue(((ImapCommand.Store) parse("a STORE $ +FLAGS (\\Seen)\r\n")).set().saved());
        bad("a SEARCH OLDER 0\r\n");
        bad("a SEARCH YOUNGER -1\r\n");
        bad("a FETCH $1 FLAGS\r\n");
        bad("a FETCH 1,$ FLAGS\r\n");
        bad("a SEARCH RETURN (SAVE BOGUS) ALL\r\n");
    }

    @Test
    void objectIdSaveDateFetchItemsAndUnauthenticate() throws Exception {
        ImapCommand.Fetch f = (ImapCommand.Fetch) parse("a FETCH 1 (EMAILID THREADID SAVEDATE)\r\n");
        assertEquals(List.of(FetchAtt.Extra.EMAILID, FetchAtt.Extra.THREADID, FetchAtt.Extra.SAVEDATE), f.items());
        assertInstanceOf(ImapCommand.Unauthenticate.class, parse("a UNAUTHENTICATE\r\n"));
        bad("a UNAUTHENTICATE x\r\n");
    }
}
