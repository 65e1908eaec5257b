package com.mailplatform.smtp.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.smtp.filter.MessageEditor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 8601 syntax of our field, section 5 removal, the DNSBL name (RFC 5782) and resolver addresses. */
class AuthenticationResultsTest {

    @Test
    void oneFieldFoldedPerMethod() {
        String h = AuthenticationResults.build("mx.example.net",
                new SpfOutcome(SpfOutcome.Result.PASS, "a@example.org", "example.org", false),
                List.of(new DkimOutcome(DkimOutcome.Result.PASS, "example.org", "s1", "AbCdEfGhIjKl", null)),
                new DmarcOutcome(DmarcOutcome.Result.PASS, "example.org", DmarcRecord.Policy.REJECT,
                        DmarcRecord.Policy.NONE));
        assertEquals("Authentication-Results: mx.example.net;\r\n\tspf=pass smtp.mailfrom=a@example.org;\r\n"
                + "\tdkim=pass header.d=example.org header.s=s1 header.b=AbCdEfGh;\r\n"
                + "\tdmarc=pass (p=reject dis=none) header.from=example.org", h);
        assertEquals("Authentication-Results: mx.example.net; none",
                AuthenticationResults.build("mx.example.net", null, null, null));
        String helo = AuthenticationResults.build("mx", new SpfOutcome(SpfOutcome.Result.SOFTFAIL,
                "postmaster@h.example", "h.example", true), null, null);
        assertTrue(helo.endsWith("spf=softfail smtp.helo=h.example"), helo);
    }

    @Test
    void senderSuppliedValuesCannotBreakTheField() {
        String h = AuthenticationResults.build("mx", null, List.of(new DkimOutcome(DkimOutcome.Result.FAIL,
                "evil.test\r\nBcc: x@y; dmarc=pass", "s;(", "AB\r\nCD", "bad (sig)\r\n\u0000")), null);
        assertFalse(h.replace("\r\n\t", "").contains("\r\n"), h);
        assertFalse(h.contains("Bcc:"), h);
        String longD = AuthenticationResults.build("mx", null,
                List.of(new DkimOutcome(DkimOutcome.Result.PERMERROR, "x".repeat(5000), null, null, null)), null);
        assertEquals("Authentication-Results: mx;\r\n\tdkim=permerror", longD);
    }

    @Test
    void nestedAndHostileCommentsAreSkipped() {
        assertEquals("mx.ours", AuthenticationResults.authservId("((x) y (z)) mx.ours; dkim=pass"));
        assertEquals("mx.ours", AuthenticationResults.authservId("(a \\) b) mx.ours ; none"));
        assertEquals("", AuthenticationResults.authservId("(never closed mx.ours; none"));
        String deep = "(".repeat(200_000) + ")".repeat(200_000) + " mx.ours; none";
        long t0 = System.nanoTime();
        assertEquals("mx.ours", AuthenticationResults.authservId(deep));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "linear in the field's length");
    }

    @Test
    void onlyFieldsWithOurAuthservIdAreRemoved() {
        byte[] msg = ("Authentication-Results: other.example; spf=pass\r\n"
                + "Authentication-Results: MX.Example.NET; dkim=pass\r\n"
                + "Subject: x\r\n"
                + "Authentication-Results: (forged) mx.example.net 1; dmarc=pass\r\n"
                + "Authentication-Results: \"mx.example.net\"; none\r\n"
                + "Authentication-Results: mx.example.network; none\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        var edits = AuthenticationResults.removeForged(MessageEditor.parse(msg), "mx.example.net");
        assertEquals(List.of(4, 3, 2), edits.stream().map(e -> e.index()).toList(), "last first");
        byte[] out = MessageEditor.apply(msg, new com.mailplatform.smtp.filter.MessageEdits(edits, null, List.of(),
                List.of(), null));
        assertEquals("Authentication-Results: other.example; spf=pass\r\nSubject: x\r\n"
                + "Authentication-Results: mx.example.network; none\r\n\r\nbody\r\n",
                new String(out, StandardCharsets.US_ASCII));
    }

    @Test
    void dnsblNamesReverseOctetsAndNibbles() {
        assertEquals(Optional.of("4.3.2.1"), Dnsbl.reversed("1.2.3.4"));
        assertEquals(Optional.of("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4"),
                Dnsbl.reversed("4321:0:1:2:3:4:567:89ab"));
        assertEquals(Optional.empty(), Dnsbl.reversed("not-an-address"));
        assertEquals(Optional.empty(), Dnsbl.reversed(null));
        assertEquals(new Dnsbl.Zone("zen.spamhaus.org", "127.0.0.2"), Dnsbl.Zone.parse(" zen.spamhaus.org.=127.0.0.2"));
        for (String bad : List.of("zone=1.2.3.4", "bad zone", "zone=127.0.0.2; rm")) {
            try {
                Dnsbl.Zone.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (IllegalArgumentException expected) {
                // refused at startup
            }
        }
        assertTrue(new Dnsbl.Zone("z", null).listedBy(List.of("127.0.0.10")));
        assertFalse(new Dnsbl.Zone("z", null).listedBy(List.of("127.255.255.254")), "Spamhaus error code");
    }
}
