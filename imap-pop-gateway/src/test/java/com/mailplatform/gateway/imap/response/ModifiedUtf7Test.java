package com.mailplatform.gateway.imap.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** RFC 3501 section 5.1.3 modified UTF-7, and the one stored name behind both spellings. */
class ModifiedUtf7Test {

    @Test
    void roundTripsTheRfcExamples() {
        assertEquals("~peter/mail/&U,BTFw-/&ZeVnLIqe-", ModifiedUtf7.encode("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e"));
        assertEquals("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e", ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-"));
        assertEquals("Entw&APw-rfe/&ANw-bersicht", ModifiedUtf7.encode("Entwürfe/Übersicht"));
        assertEquals("Entwürfe/Übersicht", ModifiedUtf7.decode("Entw&APw-rfe/&ANw-bersicht"));
        assertEquals("p&AOQA5A-", ModifiedUtf7.encode("pää"));
        assertEquals("Tom &- Jerry", ModifiedUtf7.encode("Tom & Jerry"));
        assertEquals("Tom & Jerry", ModifiedUtf7.decode("Tom &- Jerry"));
        assertEquals("&2D3eAA-", ModifiedUtf7.encode("\ud83d\ude00"), "a surrogate pair");
        assertEquals("\ud83d\ude00", ModifiedUtf7.decode("&2D3eAA-"));
        assertEquals("\u53f0\u5317\u65e5\u672c\u8a9e", ModifiedUtf7.decode("&U,BTF2XlZyyKng-"));
    }

    @Test
    void refusesWhatTheRfcForbids() {
        for (String bad : new String[]{"&Jjo!", "&AGE-", "&U,BTFw-&ZeVnLIqe-", "&AOQ", "pä", "&2D0-", "&A-", "&U,BTFw*-"}) {
            assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode(bad), bad);
        }
    }

    @Test
    void sameStoredNameEitherWay() {
        assertEquals("Entwürfe", MailboxNames.fromClient("Entw&APw-rfe", false));
        assertEquals("Entwürfe", MailboxNames.fromClient("Entwürfe", true));
        assertEquals("Entw&APw-rfe", MailboxNames.fromClient("Entw&APw-rfe", true), "a UTF-8 client's & is itself");
        assertNull(MailboxNames.fromClient("Entwürfe", false), "8-bit from a rev1 client is not a name");
        assertEquals("INBOX/Ü", MailboxNames.fromClient("inbox/&ANw-/", false));
        assertEquals("\"Entw&APw-rfe\"", MailboxNames.toClient("Entwürfe", false));
        assertEquals("\"Entwürfe\"", MailboxNames.toClient("Entwürfe", true));
    }
}
