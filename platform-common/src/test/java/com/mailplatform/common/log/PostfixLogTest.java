package com.mailplatform.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PostfixLogTest {

    @Test
    void smtpdLinesInPostfixWords() {
        assertEquals("connect from unknown[192.0.2.1]", PostfixLog.connect("192.0.2.1"));
        assertEquals("NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 550 5.1.1 <x@e.test>: Recipient address rejected: "
                        + "User unknown; from=<a@b.test> to=<x@e.test> proto=ESMTP helo=<client.test>",
                PostfixLog.reject(null, "RCPT", "192.0.2.1", "550 5.1.1 <x@e.test>: Recipient address rejected: User unknown",
                        "a@b.test", "x@e.test", true, "client.test"));
        assertEquals("NOQUEUE: reject: MAIL from unknown[::1]: 554 5.7.1 Service unavailable; Client host [::1] blocked "
                        + "using bl.test; from=<> proto=SMTP helo=<h>",
                PostfixLog.reject(null, "MAIL", "::1", "554 5.7.1 Service unavailable; Client host [::1] blocked using bl.test",
                        "", null, false, "h"));
        // Postfix's cleanup_milter.c / smtpd.c: "%s: %s: %s from %s: %s;%s" with action milter-discard
        assertEquals("ABC123: milter-discard: END-OF-MESSAGE from unknown[192.0.2.1]: milter triggers DISCARD action; "
                        + "from=<a@b.test> to=<x@e.test> proto=ESMTP helo=<client.test>",
                PostfixLog.milterDiscard("ABC123", "END-OF-MESSAGE", "192.0.2.1", null, "a@b.test", "x@e.test", true, "client.test"));
        assertEquals("ABC123: milter-discard: MAIL from unknown[192.0.2.1]: milter triggers DISCARD action; from=<> proto=SMTP helo=<h>",
                PostfixLog.milterDiscard("ABC123", "MAIL", "192.0.2.1", null, "", null, false, "h"));
        assertEquals("warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: authentication failure, sasl_username=u@e.test",
                PostfixLog.saslFailed("192.0.2.1", "login", "u@e.test"));
        assertEquals("ABC123: client=unknown[192.0.2.1], sasl_method=PLAIN, sasl_username=u@e.test",
                PostfixLog.queued("ABC123", "192.0.2.1", "PLAIN", "u@e.test"));
        assertEquals("ABC123: client=unknown[192.0.2.1]", PostfixLog.queued("ABC123", "192.0.2.1", null, null));
        assertEquals("ABC123: message-id=<m1@x>", PostfixLog.messageId("ABC123", " <m1@x> "));
        assertEquals("ABC123: message-id=<>", PostfixLog.messageId("ABC123", null));
    }

    @Test
    void queueAndDeliveryLines() {
        assertEquals("ABC123: from=<a@b.test>, size=1234, nrcpt=2 (queue active)", PostfixLog.qmgr("ABC123", "a@b.test", 1234, 2, "active"));
        assertEquals("ABC123: removed", PostfixLog.removed("ABC123"));
        assertEquals("ABC123: sender non-delivery notification: ABC123Fdeadbeef",
                PostfixLog.notification("ABC123", "non-delivery", "ABC123Fdeadbeef"));
        assertEquals("ABC123: to=<x@e.test>, orig_to=<al@e.test>, relay=local, delay=1.50, delays=1.5/0/0/0, dsn=2.0.0, "
                        + "status=sent (delivered to mailbox)",
                PostfixLog.delivery("ABC123", "x@e.test", "al@e.test", "local", 1.5, "1.5/0/0/0", "2.0.0", "sent", "delivered to mailbox"));
        assertEquals(PostfixLog.LOCAL, PostfixLog.agentFor("local"));
        assertEquals(PostfixLog.SMTP, PostfixLog.agentFor("mx.example[192.0.2.9]:25"));
        assertEquals("postfix/submission/smtpd", PostfixLog.smtpdFor("submission"));
    }

    @Test
    void aClientCannotForgeALineOrBloatOne() {
        String forged = PostfixLog.reject(null, "RCPT", "192.0.2.1", "550 5.1.1 x", "a\r\nJan  1 00:00:00 h postfix/smtpd[1]: x",
                "b", true, "h\n");
        assertFalse(forged.contains("\n") || forged.contains("\r"), forged);
        String longHelo = "h".repeat(5000);
        String line = PostfixLog.reject(null, "RCPT", "192.0.2.1", "550", "", "x", true, longHelo);
        assertTrue(line.length() < PostfixLog.MAX_FIELD + 200, "bounded: " + line.length());
        assertTrue(line.endsWith("...>"), line);
    }

    @Test
    void commandCountsLikePostfix3() {
        SmtpCommandCounts c = new SmtpCommandCounts();
        c.replied("220 greeting");
        assertEquals("", c.toString());
        c.command("EHLO");
        c.replied("250-x");
        c.command("AUTH");
        c.replied("334 VXNlcm5hbWU6");
        c.replied("535 5.7.8 Error: authentication failed");
        c.command("MAIL");
        c.replied("250 2.1.0 Ok");
        c.command("RCPT");
        c.replied("550 5.1.1 no");
        c.command("RCPT");
        c.replied("250 2.1.5 Ok");
        c.command("DATA");
        c.replied("354 go");
        c.replied("250 2.0.0 Ok: queued as X");
        c.command("XYZZY");
        c.replied("502 5.5.2 Error: command not recognized");
        c.command("QUIT");
        c.replied("221 2.0.0 Bye");
        assertEquals("QUIT", c.last().toUpperCase());
        assertEquals("ehlo=1 auth=0/1 mail=1 rcpt=1/2 data=1 quit=1 unknown=0/1 commands=5/8", c.summary());
        assertEquals("disconnect from unknown[192.0.2.1] ehlo=1 auth=0/1 mail=1 rcpt=1/2 data=1 quit=1 unknown=0/1 commands=5/8",
                PostfixLog.disconnect("192.0.2.1", c));
        assertEquals("disconnect from unknown[192.0.2.1]", PostfixLog.disconnect("192.0.2.1", new SmtpCommandCounts()));
    }
}
