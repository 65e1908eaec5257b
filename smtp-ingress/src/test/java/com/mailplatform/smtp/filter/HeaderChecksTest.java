package com.mailplatform.smtp.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderChecksTest {

    static HeaderChecks checks(String... rules) {
        return new HeaderChecks(HeaderChecks.parse(List.of(rules)));
    }

    @Test
    void rejectsAndTagsOnFoldedHeaders() {
        HeaderChecks c = checks("/^Subject:.*viagra/ REJECT spam is not welcome", "/^X-Mailer: bulk/ PREPEND X-Bulk: yes");
        byte[] spam = "From: a@b\r\nSubject: cheap\r\n Viagra\r\n\r\nbody Subject: viagra\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Verdict.reject("550 5.7.1 spam is not welcome"), c.check(spam));
        byte[] bulk = "X-Mailer: bulk 1.0\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("X-Bulk: yes"), c.check(bulk).headers());
        byte[] bodyOnly = "From: a@b\r\n\r\nSubject: viagra\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Verdict.Action.CONTINUE, c.check(bodyOnly).action());
        assertEquals(List.of(), c.check(bodyOnly).headers());
    }

    @Test
    void badRulesAreRefusedAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> HeaderChecks.parse(List.of("no slashes REJECT")));
        assertThrows(IllegalArgumentException.class, () -> HeaderChecks.parse(List.of("/x/ DELETE")));
        assertThrows(IllegalArgumentException.class, () -> HeaderChecks.parse(List.of("/x/ PREPEND not a header")));
    }
}
