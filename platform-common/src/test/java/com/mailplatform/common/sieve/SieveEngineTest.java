package com.mailplatform.common.sieve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.ActionDiscard;
import org.apache.jsieve.mail.ActionKeep;
import org.apache.jsieve.mail.ActionRedirect;
import org.apache.jsieve.mail.ActionReject;
import org.apache.jsieve.mail.optional.ActionVacation;
import org.junit.jupiter.api.Test;

/** jSieve with the platform's extensions, run against small messages: no I/O. */
class SieveEngineTest {

    private static SieveMail mail(String subject, String body) {
        return new SieveMail(List.of(Map.entry("From", "Alice <alice@example.org>"), Map.entry("To", "bob@example.test"),
                Map.entry("Subject", subject)), List.of(new SieveMail.Part("text/plain", body)), body,
                "alice@example.org", "bob@example.test", 100,
                v -> List.of(v.replaceAll(".*<([^>]*)>.*", "$1").trim()));
    }

    private static List<Action> run(String script, SieveMail m) throws SieveEngine.SieveError {
        SieveEngine.get().run(SieveEngine.get().parse(script), m);
        return m.getActions();
    }

    @Test
    void fileintoWithFlagsAndImplicitKeep() throws Exception {
        List<Action> a = run("require [\"fileinto\", \"imap4flags\", \"copy\"];\n"
                + "if header :contains \"subject\" \"report\" { addflag \"\\\\Flagged $Work\"; fileinto :copy \"Reports\"; }\n"
                + "removeflag \"$work\";\n", mail("Weekly report", "x"));
        assertEquals(2, a.size(), a.toString());
        FlaggedFileInto f = assertInstanceOf(FlaggedFileInto.class, a.get(0));
        assertEquals("Reports", f.getDestination());
        assertEquals(List.of("\\Flagged", "$Work"), f.flags());
        // :copy kept the implicit keep; it carries the flags as they are at the end (RFC 5232 section 3)
        assertInstanceOf(ActionKeep.class, a.get(1));
        assertTrue(!(a.get(1) instanceof FlaggedKeep));
    }

    @Test
    void fileintoCancelsImplicitKeepAndKeepTakesFlags() throws Exception {
        List<Action> a = run("require [\"fileinto\",\"imap4flags\"]; fileinto :flags \"\\\\Seen\" \"A\"; keep :flags [\"x\", \"y x\"];",
                mail("s", "b"));
        assertEquals(2, a.size(), a.toString());
        assertEquals(List.of("\\Seen"), ((FlaggedFileInto) a.get(0)).flags());
        assertEquals(List.of("x", "y"), ((FlaggedKeep) a.get(1)).flags());
    }

    @Test
    void rejectEnvelopeBodyRedirectDiscard() throws Exception {
        assertInstanceOf(ActionReject.class, run("require [\"reject\", \"envelope\"];"
                + " if envelope :domain :is \"from\" \"example.org\" { reject \"go away\"; }", mail("s", "b")).get(0));
        assertInstanceOf(ActionReject.class, run("require \"ereject\"; ereject \"no\";", mail("s", "b")).get(0));
        assertInstanceOf(ActionDiscard.class, run("require \"body\"; if body :text :contains \"casino\" { discard; }",
                mail("s", "win at the Casino")).get(0));
        List<Action> r = run("require \"copy\"; redirect :copy \"carol@example.net\";", mail("s", "b"));
        assertEquals("carol@example.net", ((ActionRedirect) r.get(0)).getAddress());
        assertInstanceOf(ActionKeep.class, r.get(1));
    }

    @Test
    void variablesExpandInActions() throws Exception {
        List<Action> a = run("require [\"variables\", \"fileinto\", \"imap4flags\"];\n"
                + "set :upperfirst \"box\" \"lists\"; set \"sub\" \"${box}/x\"; addflag \"f\" \"$A\";"
                + " if hasflag \"f\" \"$a\" { fileinto \"${sub}\"; }", mail("s", "b"));
        assertEquals("Lists/x", ((FlaggedFileInto) a.get(0)).getDestination());
    }

    @Test
    void vacationIsAnActionWithItsArguments() throws Exception {
        ActionVacation v = (ActionVacation) run("require \"vacation\"; vacation :days 3 :subject \"Away\" :addresses [\"bob@alias.test\"] \"I am away\";",
                mail("s", "b")).get(0);
        assertEquals(3, v.getDuration());
        assertEquals("Away", v.getSubject());
        assertEquals("I am away", v.getReason());
    }

    @Test
    void checkReportsLines() {
        SieveEngine.SieveError e = SieveEngine.get().check("require \"fileinto\";\nkeep;\nfileinto \"a\";\n}\n");
        assertNotNull(e);
        assertEquals(4, e.line(), e.getMessage());
        e = SieveEngine.get().check("require \"fileinto\";\n\nfrobnicate;\n");
        assertNotNull(e, "unknown command");
        e = SieveEngine.get().check("require \"fileinto\";\nkeep;\nfileinto \"a\"\nkeep;\n");
        assertNotNull(e, "a missing semicolon makes keep a test of fileinto");
        assertEquals(3, e.line(), e.getMessage());
        e = SieveEngine.get().check("# c\nrequire [\"nosuchext\"];\n");
        assertNotNull(e);
        e = SieveEngine.get().check("keep;\nfileinto :bogus \"x\";\n");
        assertNotNull(e);
        assertEquals(2, e.line(), e.getMessage());
        assertNotNull(SieveEngine.get().check("if true { keep;"));
        assertNotNull(SieveEngine.get().check("\"unterminated"));
        assertNull(SieveEngine.get().check("require [\"imap4flags\",\"variables\",\"vacation\",\"copy\",\"body\"];\nkeep;\n"));
    }

    @Test
    void hostileScriptsGetAnErrorNotACrash() {
        String deep = "if true { ".repeat(20000) + "keep;" + " }".repeat(20000);
        assertNotNull(SieveEngine.get().check(deep));
        assertNotNull(SieveEngine.get().check("\u0000\u0001\uFFFF"));
        assertNotNull(SieveEngine.get().check("require \"variables\"; set \"1x\" \"y\";"), "not a variable name");
        assertNotNull(SieveEngine.get().check("require \"imap4flags\"; if imap4flags { keep; }"));
    }
}
