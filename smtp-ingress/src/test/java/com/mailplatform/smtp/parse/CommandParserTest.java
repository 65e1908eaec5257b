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
    void verbsAreCaseInsensitive() throws Exception {
        assertEquals(new SmtpCommand("MAIL", "FROM:<a@b.c>"), parse("mail FROM:<a@b.c>"));
        assertEquals(new SmtpCommand("QUIT", ""), parse("QUIT"));
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
