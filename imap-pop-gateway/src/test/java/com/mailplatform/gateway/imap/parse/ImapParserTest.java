package com.mailplatform.gateway.imap.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The command parser with ordinary and hostile input: every failure must be an ImapParseException. */
class ImapParserTest {

    private static ImapCommand parse(String s) throws ImapParseException {
        return ImapParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static ImapParseException bad(String s) {
        return assertThrows(ImapParseException.class, () -> parse(s));
    }

    @Test
    void loginWithQuotedAndLiteralStrings() throws Exception {
        ImapCommand.Login l = (ImapCommand.Login) parse("a1 LOGIN \"us\\\"er\" {5}\r\npa ss\r\n");
        assertEquals("a1", l.tag());
        assertEquals("us\"er", l.user());
        assertEquals("pa ss", l.password());
        ImapCommand.Login plus = (ImapCommand.Login) parse("a2 login u {3+}\r\np\r\n\r\n");
        assertEquals("p\r\n", plus.password());
    }

    @Test
    void fetchItemsSectionsAndPartials() throws Exception {
        ImapCommand.Fetch f = (ImapCommand.Fetch) parse("t UID FETCH 1:*,7 (FLAGS BODY.PEEK[HEADER.FIELDS (From \"Subject\")]<0.100> BODY[1.2.MIME] RFC822.SIZE)\r\n");
        assertTrue(f.uid());
        assertTrue(f.set().contains(5, 9));
        assertTrue(f.set().contains(9, 9));
        assertEquals(4, f.items().size());
        FetchAtt.Section s = (FetchAtt.Section) f.items().get(1);
        assertTrue(s.peek());
        assertEquals("HEADER.FIELDS", s.section());
        assertEquals(List.of("From", "Subject"), s.fields());
        assertEquals(0, s.partialStart());
        assertEquals(100, s.partialLength());
        assertEquals("BODY[HEADER.FIELDS (From Subject)]<0>", s.responseName());
        assertEquals("1.2.MIME", ((FetchAtt.Section) f.items().get(2)).section());
        ImapCommand.Fetch all = (ImapCommand.Fetch) parse("t FETCH 2 ALL\r\n");
        assertEquals(4, all.items().size());
    }

    @Test
    void searchWithEveryKindOfKey() throws Exception {
        ImapCommand.Search s = (ImapCommand.Search) parse("s SEARCH CHARSET UTF-8 OR (FROM \"a\" UNSEEN) NOT LARGER 10"
                + " SENTSINCE 1-Feb-2024 HEADER X-Y z UID 3:5 2,4 KEYWORD $x TEXT {3}\r\nabc\r\n");
        SearchKey.And and = assertInstanceOf(SearchKey.And.class, s.key());
        assertEquals(7, and.keys().size());
        assertInstanceOf(SearchKey.Or.class, and.keys().get(0));
        assertEquals(new SearchKey.Text("TEXT", null, "abc"), and.keys().get(6));
        ImapCommand.Search r = (ImapCommand.Search) parse("s UID SEARCH RETURN (MIN COUNT) ALL\r\n");
        assertTrue(r.esearch());
        assertEquals(List.of("MIN", "COUNT"), r.returnOptions());
    }

    @Test
    void unknownCharsetIsBadcharset() {
        assertTrue(bad("s SEARCH CHARSET KOI8-R ALL\r\n").getMessage().startsWith("[BADCHARSET"));
    }

    @Test
    void storeAppendListAndStatus() throws Exception {
        ImapCommand.Store st = (ImapCommand.Store) parse("a STORE 1 -FLAGS.SILENT (\\Seen $Label)\r\n");
        assertEquals(-1, st.mode());
        assertTrue(st.silent());
        assertEquals(List.of("\\Seen", "$Label"), st.flags());
        ImapCommand.Append ap = (ImapCommand.Append) parse("a APPEND Drafts (\\Draft) \" 5-Nov-2024 10:00:00 +0100\" {4+}\r\nabcd\r\n");
        assertEquals(4, ap.message().length);
        assertEquals(2024, ap.internalDate().getYear());
        ImapCommand.ListMailboxes l = (ImapCommand.ListMailboxes) parse(
                "l LIST (SUBSCRIBED) \"\" (\"INBOX\" %) RETURN (CHILDREN STATUS (MESSAGES UNSEEN))\r\n");
        assertEquals(List.of("INBOX", "%"), l.patterns());
        assertEquals(List.of("SUBSCRIBED"), l.selectOptions());
        assertEquals(List.of("MESSAGES", "UNSEEN"), l.statusItems());
        ImapCommand.Status status = (ImapCommand.Status) parse("s STATUS INBOX (MESSAGES UIDNEXT)\r\n");
        assertEquals("INBOX", status.mailbox());
        ImapCommand.Authenticate au = (ImapCommand.Authenticate) parse("a AUTHENTICATE PLAIN =\r\n");
        assertEquals("", au.initial());
        assertNull(((ImapCommand.Authenticate) parse("a AUTHENTICATE plain\r\n")).initial());
    }

    @Test
    void hostileInputIsAParseErrorNeverACrash() {
        String[] hostile = {
            "", "\r\n", " \r\n", "*\r\n", "+ LOGIN a b\r\n", "a\r\n", "a FOO\r\n", "a LOGIN\r\n", "a LOGIN a\r\n",
            "a LOGIN \"unterminated\r\n", "a LOGIN \"bad\\escape\" x\r\n", "a LOGIN {5}\r\nab\r\n", "a LOGIN {99999999999999999999}\r\n",
            "a FETCH 0 FLAGS\r\n", "a FETCH 1:0x FLAGS\r\n", "a FETCH 4294967296 FLAGS\r\n", "a FETCH * (\r\n", "a FETCH 1 BODY[\r\n",
            "a FETCH 1 BODY[1.]\r\n", "a FETCH 1 BODY[HEADER.FIELDS]\r\n", "a FETCH 1 BODY[]<5.0>\r\n", "a FETCH 1 BODY[.TEXT]\r\n",
            "a FETCH 1 BODY.PEEK\r\n", "a FETCH 1 NOPE\r\n", "a STORE 1 FLAGZ (\\Seen)\r\n", "a STORE 1 +FLAGS (\\)\r\n",
            "a SEARCH\r\n", "a SEARCH NOT\r\n", "a SEARCH OR ALL\r\n", "a SEARCH BEFORE 32-Foo-2020\r\n", "a SEARCH ((((\r\n",
            "a SELECT\r\n", "a SELECT INBOX (UTF8)\r\n", "a APPEND INBOX\r\n", "a APPEND INBOX (\\Seen) \"bad date\" {1}\r\nx\r\n",
            "a UID\r\n", "a UID NOOP\r\n", "a NOOP extra\r\n", "a ENABLE\r\n", "a ID (\"k\")\r\n", "a LIST \"\"\r\n", "a STATUS INBOX ()\r\n",
            "a LOGIN a b", "a NOOP\r\nb NOOP\r\n", "a LOGIN \"a\0b\" c\r\n",
        };
        for (String h : hostile) {
            assertThrows(ImapParseException.class, () -> parse(h), () -> "accepted: " + h.replace("\r\n", "\\r\\n"));
        }
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "a SEARCH " + "(".repeat(10_000) + "ALL" + ")".repeat(10_000) + "\r\n";
        assertTrue(bad(deep).getMessage().contains("nested"));
        String nots = "a SEARCH " + "NOT ".repeat(10_000) + "ALL\r\n";
        bad(nots);
    }

    /** RFC 7162 section 7 grammar: SELECT parameters, FETCH/STORE modifiers, SEARCH MODSEQ, the MODSEQ item. */
    @Test
    void condstoreAndQresyncSyntax() throws Exception {
        ImapCommand.Select plain = (ImapCommand.Select) parse("a SELECT INBOX\r\n");
        assertEquals(SelectParams.NONE, plain.params());
        ImapCommand.Select cs = (ImapCommand.Select) parse("a EXAMINE INBOX (CONDSTORE)\r\n");
        assertTrue(cs.params().condstore());
        assertNull(cs.params().qresync());
        ImapCommand.Select q = (ImapCommand.Select) parse("a SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541 (1:3 41,43,45)))\r\n");
        assertTrue(q.params().condstore(), "QRESYNC implies CONDSTORE");
        assertEquals(67890007L, q.params().qresync().uidvalidity());
        assertEquals(20050715194045000L, q.params().qresync().modseq());
        assertTrue(q.params().qresync().knownUids().contains(100, 600));
        assertTrue(!q.params().qresync().knownUids().contains(42, 600));
        assertTrue(q.params().qresync().knownSequenceUids().contains(45, 600));
        ImapCommand.Select q2 = (ImapCommand.Select) parse("a SELECT INBOX (QRESYNC (1 2))\r\n");
        assertNull(q2.params().qresync().knownUids());
        ImapCommand.Select q3 = (ImapCommand.Select) parse("a SELECT INBOX (QRESYNC (1 2 (1 5)))\r\n");
        assertNull(q3.params().qresync().knownUids());
        assertTrue(q3.params().qresync().knownSequences().contains(1, 1));

        ImapCommand.Fetch f = (ImapCommand.Fetch) parse("a UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)\r\n");
        assertEquals(new FetchModifiers(12345, true), f.modifiers());
        ImapCommand.Fetch m = (ImapCommand.Fetch) parse("a FETCH 1:* (UID MODSEQ) (CHANGEDSINCE 0)\r\n");
        assertEquals(List.of(FetchAtt.Simple.UID, FetchAtt.Simple.MODSEQ), m.items());
        assertEquals(0, m.modifiers().changedSince());
        assertEquals(FetchModifiers.NONE, ((ImapCommand.Fetch) parse("a FETCH 1 FLAGS\r\n")).modifiers());
        assertEquals(List.of(FetchAtt.Simple.MODSEQ), ((ImapCommand.Fetch) parse("a FETCH 1 modseq\r\n")).items());

        ImapCommand.Store st = (ImapCommand.Store) parse("a UID STORE 1:3 (UNCHANGEDSINCE 0) +FLAGS.SILENT (\\Seen)\r\n");
        assertEquals(0, st.unchangedSince());
        assertTrue(st.silent());
        assertEquals(-1, ((ImapCommand.Store) parse("a STORE 1 FLAGS \\Seen\r\n")).unchangedSince());
        assertEquals(Long.MAX_VALUE, ((ImapCommand.Store) parse("a STORE 1 (unchangedsince 9223372036854775807) FLAGS ()\r\n")).unchangedSince());

        ImapCommand.Search se = (ImapCommand.Search) parse("a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n");
        assertEquals(new SearchKey.ModSeq(620162338), se.key());
        ImapCommand.Search se2 = (ImapCommand.Search) parse("a UID SEARCH RETURN (MIN) 1:3 MODSEQ 0\r\n");
        assertEquals(new SearchKey.ModSeq(0), ((SearchKey.And) se2.key()).keys().get(1));
        assertEquals(List.of("HIGHESTMODSEQ"), ((ImapCommand.Status) parse("a STATUS INBOX (HIGHESTMODSEQ)\r\n")).items());
    }

    @Test
    void badCondstoreAndQresyncSyntaxIsBad() {
        for (String s : List.of(
                "a SELECT INBOX (CONDSTORE CONDSTORE)",
                "a SELECT INBOX (FOO)",
                "a SELECT INBOX ()",
                "a SELECT INBOX (QRESYNC (0 5))",
                "a SELECT INBOX (QRESYNC (1 0))",
                "a SELECT INBOX (QRESYNC (4294967296 5))",
                "a SELECT INBOX (QRESYNC (1 5 1:*))",
                "a SELECT INBOX (QRESYNC (1 5 1:3 (1:2)))",
                "a SELECT INBOX (QRESYNC (1 5) QRESYNC (1 5))",
                "a SELECT INBOX (QRESYNC 1 5)",
                "a SELECT INBOX (QRESYNC (1 99999999999999999999))",
                "a FETCH 1:* (FLAGS) (VANISHED CHANGEDSINCE 5)",
                "a UID FETCH 1:* (FLAGS) (VANISHED)",
                "a UID FETCH 1:* (FLAGS) (CHANGEDSINCE)",
                "a UID FETCH 1:* (FLAGS) (CHANGEDSINCE -1)",
                "a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 9223372036854775808)",
                "a UID FETCH 1:* (FLAGS) (CHANGEDSINCE 5 CHANGEDSINCE 6)",
                "a UID FETCH 1:* (FLAGS) (FOO 5)",
                "a UID FETCH 1:* (FLAGS) ()",
                "a STORE 1 (UNCHANGEDSINCE) +FLAGS (\\Seen)",
                "a STORE 1 (FOO 1) +FLAGS (\\Seen)",
                "a STORE 1 (UNCHANGEDSINCE 1 +FLAGS (\\Seen)",
                "a STORE 1 (UNCHANGEDSINCE 12345678901234567890) +FLAGS (\\Seen)",
                "a SEARCH MODSEQ",
                "a SEARCH MODSEQ x",
                "a SEARCH MODSEQ \"/flags/\\\\draft\" bogus 5",
                "a SEARCH MODSEQ \"/other/x\" all 5",
                "a SEARCH MODSEQ \"/flags/\" all 5",
                "a SEARCH MODSEQ 100000000000000000000")) {
            bad(s + "\r\n");
        }
    }

    @Test
    void tagIsKeptForTheBadReply() {
        assertEquals("x17", bad("x17 FETCH nonsense\r\n").tag());
        assertNull(bad("\r\n").tag());
    }

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        Random random = new Random(42);
        String[] prefixes = {"a ", "a FETCH 1 ", "a SEARCH ", "a LOGIN ", "a APPEND x ", "a LIST ", "a STORE 1 ", "a UID "};
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            byte[] prefix = prefixes[i % prefixes.length].getBytes(StandardCharsets.US_ASCII);
            byte[] input = new byte[prefix.length + junk.length + 2];
            System.arraycopy(prefix, 0, input, 0, prefix.length);
            System.arraycopy(junk, 0, input, prefix.length, junk.length);
            input[input.length - 2] = '\r';
            input[input.length - 1] = '\n';
            try {
                ImapParser.parse(input);
            } catch (ImapParseException expected) {
                // fine: BAD
            }
        }
    }

    /** RFC 6154 section 3 CREATE (USE (...)) and RFC 6855 section 4 APPEND UTF8 (literal8). */
    @Test
    void createWithUseAndAppendUtf8() throws Exception {
        ImapCommand.Create c = (ImapCommand.Create) parse("c CREATE Ablage (USE (\\Archive))\r\n");
        assertEquals("Ablage", c.mailbox());
        assertEquals(List.of("\\Archive"), c.uses());
        assertEquals(List.of(), ((ImapCommand.Create) parse("c CREATE \"Entw\u00fcrfe\"\r\n")).uses());
        assertEquals("Entw\u00fcrfe", ((ImapCommand.Create) parse("c CREATE \"Entw\u00fcrfe\"\r\n")).mailbox());
        bad("c CREATE x (FOO (\\Archive))\r\n");
        bad("c CREATE x (USE \\Archive)\r\n");
        bad("c CREATE x (USE (\\Archive)\r\n");
        ImapCommand.Append a = (ImapCommand.Append) parse("a APPEND INBOX (\\Seen) UTF8 (~{5}\r\nhello)\r\n");
        assertEquals("hello", new String(a.message(), StandardCharsets.UTF_8));
        bad("a APPEND INBOX UTF8 ({5}\r\nhello\r\n");
        bad("a APPEND INBOX UTF8 {5}\r\nhello\r\n");
    }
}
