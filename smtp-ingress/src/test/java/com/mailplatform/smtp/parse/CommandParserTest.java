package com.mailplatform.smtp.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.ReversePath;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CommandParserTest {

    static SmtpCommand parse(String s) throws SyntaxException {
        return CommandParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void verbsAreCaseInsensitiveAndCommandsAreRecords() throws Exception {
        SmtpCommand.Mail mail = (SmtpCommand.Mail) parse("mail FROM:<a@b.c> SIZE=10");
        assertEquals("<a@b.c>", mail.from().path());
        assertEquals("10", mail.from().parameters().get("SIZE"));
        assertEquals(new SmtpCommand.Quit(), parse("QUIT"));
        assertEquals(new SmtpCommand.Ehlo("client.test"), parse("ehlo client.test"));
        assertEquals(new SmtpCommand.Auth("PLAIN", "AGEAYg=="), parse("AUTH plain AGEAYg=="));
        assertEquals(new SmtpCommand.Bdat(42, true), parse("BDAT 42 last"));
        assertEquals(new SmtpCommand.Data(), parse("DATA"));
    }

    @Test
    void syntaxIsJudgedByTheParser() {
        assertEquals("501 5.5.4 Syntax: EHLO hostname", assertThrows(SyntaxException.class, () -> parse("EHLO")).reply());
        assertEquals("501 5.5.4 Syntax: EHLO hostname", assertThrows(SyntaxException.class, () -> parse("EHLO a b")).reply());
        SyntaxException data = assertThrows(SyntaxException.class, () -> parse("DATA now"));
        assertEquals("501 5.5.4 Syntax: DATA", data.reply());
        assertEquals(SyntaxException.Then.DATA_REFUSED, data.then(), "a body pipelined behind it must be swallowed");
        assertEquals("501 5.5.4 Syntax: STARTTLS", assertThrows(SyntaxException.class, () -> parse("STARTTLS x")).reply());
        assertTrue(assertThrows(SyntaxException.class, () -> parse("AUTH PLAIN a b")).reply().startsWith("501"));
        SyntaxException bdat = assertThrows(SyntaxException.class, () -> parse("BDAT lots"));
        assertTrue(bdat.fatal(), "without a size the chunk's end is unknown: the connection must close");
        assertEquals("500 5.5.2 Error: command not recognized", assertThrows(SyntaxException.class, () -> parse("XYZZY")).reply());
    }

    /** Issue: invalid UTF-8 in MAIL FROM with SMTPUTF8 got 250. */
    @Test
    void invalidUtf8IsRefused() {
        byte[] line = "MAIL FROM:<caf\u00e9@x.test> SMTPUTF8".getBytes(StandardCharsets.ISO_8859_1);
        SyntaxException e = assertThrows(SyntaxException.class, () -> CommandParser.parse(line));
        assertTrue(e.reply().startsWith("5"), e.reply());
        byte[] overlong = {'M', 'A', 'I', 'L', ' ', 'F', 'R', 'O', 'M', ':', '<', (byte) 0xC0, (byte) 0xAF, '@', 'x', '>'};
        assertTrue(assertThrows(SyntaxException.class, () -> CommandParser.parse(overlong)).reply().startsWith("5"));
    }

    @Test
    void hostileLinesGetSyntaxErrors() {
        assertTrue(assertThrows(SyntaxException.class, () -> parse("")).reply().startsWith("500"));
        assertTrue(assertThrows(SyntaxException.class, () -> parse("NOOP\0")).reply().startsWith("500"));
        assertTrue(assertThrows(SyntaxException.class, () -> parse("NO\rOP")).reply().startsWith("500"));
        assertTrue(assertThrows(SyntaxException.class, () -> parse("HELO " + "a".repeat(600))).reply().contains("too long"));
    }

    @Test
    void pathArgumentsAndParameters() throws Exception {
        PathArgument a = PathArgument.parse("FROM:<a@b.c> SIZE=100 BODY=8BITMIME", "FROM");
        assertEquals("<a@b.c>", a.path());
        assertEquals("100", a.parameters().get("SIZE"));
        assertEquals("8BITMIME", a.parameters().get("BODY"));
        assertEquals("<\"a> b\"@c.d>", PathArgument.parse("TO:<\"a> b\"@c.d>", "TO").path());
        assertThrows(SyntaxException.class, () -> PathArgument.parse("FROM a@b.c", "FROM"));
        assertThrows(SyntaxException.class, () -> PathArgument.parse("TO:<a@b.c>", "FROM"));
        assertThrows(SyntaxException.class, () -> PathArgument.parse("TO:<a@b.c", "TO"));
        assertThrows(SyntaxException.class, () -> PathArgument.parse("TO:<a@b.c> X=1 X=2", "TO"));
        StringBuilder many = new StringBuilder("TO:<a@b.c>");
        for (int i = 0; i < 20; i++) {
            many.append(" X").append(i).append("=1");
        }
        assertTrue(assertThrows(SyntaxException.class, () -> PathArgument.parse(many.toString(), "TO")).reply().contains("too many"));
    }

    @Test
    void addressesFollowRfc5321() throws Exception {
        assertEquals(null, ReversePath.parsePath("<>"));
        assertEquals("user@example.test", ReversePath.parsePath("<User@Example.TEST>").key());
        assertEquals("user@c.test", ReversePath.parsePath("<@a.test,@b.test:user@c.test>").key(), "source route ignored");
        assertThrows(AddressException.class, () -> ReversePath.parsePath("<user>"));
        assertThrows(AddressException.class, () -> ReversePath.parsePath("<user@>"));
        assertThrows(AddressException.class, () -> ReversePath.parsePath("<a..b@c.test>"));
        assertThrows(AddressException.class, () -> ReversePath.parsePath("<a@-bad.test>"));
        assertThrows(AddressException.class, () -> ReversePath.parsePath("<" + "a".repeat(65) + "@c.test>"));
        assertThrows(AddressException.class, () -> ReversePath.parsePath("<a b@c.test>"));
        assertThrows(AddressException.class, () -> ReversePath.parsePath("<a@b@c.test>"));
    }
}
