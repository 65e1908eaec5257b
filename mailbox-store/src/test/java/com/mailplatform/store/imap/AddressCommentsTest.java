package com.mailplatform.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.SearchTextRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code user@domain (Real Name)}: the comment is the name in ENVELOPE, and SEARCH FROM sees through comments. */
class AddressCommentsTest {

    private static byte[] message(String headers) {
        return ("Date: Thu, 15 Feb 2007 01:02:03 +0200\r\n" + headers + "\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void envelopeTakesTheCommentAsTheDisplayName() {
        // imaptest fetch-envelope, messages 4 and 5
        String env = MimeSummary.of(message("From: user@domain (Real Name)\r\n"
                + "To: group: g1@d1.org, g2@d2.org;, group2: g3@d3.org;\r\n")).envelope();
        assertEquals("(\"Thu, 15 Feb 2007 01:02:03 +0200\" NIL ((\"Real Name\" NIL \"user\" \"domain\")) "
                + "((\"Real Name\" NIL \"user\" \"domain\")) ((\"Real Name\" NIL \"user\" \"domain\")) "
                + "((NIL NIL \"group\" NIL)(NIL NIL \"g1\" \"d1.org\")(NIL NIL \"g2\" \"d2.org\")(NIL NIL NIL NIL)"
                + "(NIL NIL \"group2\" NIL)(NIL NIL \"g3\" \"d3.org\")(NIL NIL NIL NIL)) NIL NIL NIL NIL)", env);
        // a phrase wins over a comment; a comment inside <> names nothing
        String phrase = MimeSummary.of(message("From: Phrase <a@b.org> (comment), <c (x)@d.org>, e@f.org\r\n")).envelope();
        assertTrue(phrase.contains("((\"Phrase\" NIL \"a\" \"b.org\")(NIL NIL \"c\" \"d.org\")(NIL NIL \"e\" \"f.org\"))"), phrase);
    }

    @Test
    void searchFromMatchesAddressesWrittenWithComments() {
        byte[] raw = message("From: <user-from (comment)@ (comment) domain.org>\r\nCc: user-cc@domain.org (RealCc)\r\n");
        assertTrue(TextMatch.headerMatches(raw, "From", "user-from@domain.org"));
        assertTrue(TextMatch.headerMatches(raw, "Cc", "realcc"));
        assertTrue(TextMatch.headerMatches(raw, "Cc", "user-cc@domain.org"));
        assertFalse(TextMatch.headerMatches(raw, "From", "other@domain.org"));
    }
}
