package com.mailplatform.delivery.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FromDomainTest {

    private static Optional<String> of(String message) {
        return FromDomain.of(message.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theAuthorDomainInItsUsualForms() {
        assertEquals(Optional.of("example.test"), of("From: a@Example.TEST\r\n\r\nx"));
        assertEquals(Optional.of("example.test"), of("Subject: s\r\nfrom: \"Doe, John (@work)\" <john@example.test.> (comment)\r\n\r\nx"));
        assertEquals(Optional.of("example.test"), of("From:\r\n  Alice\r\n  <alice@example.test>\r\n\r\nx"));
        assertEquals(Optional.of("example.test"), of("From: a@example.test, b@EXAMPLE.test\r\n\r\nx"));
        assertEquals(Optional.of("example.test"), of("From: team: a@example.test, b@example.test;\r\n\r\nx"));
        // Headers only: a From in the body is not the author.
        assertEquals(Optional.empty(), of("Subject: s\r\n\r\nFrom: a@example.test\r\n"));
    }

    @Test
    void noSignatureCanAlignSoNone() {
        assertEquals(Optional.empty(), of("Subject: s\r\n\r\nx"));
        assertEquals(Optional.empty(), of("From: a@one.test\r\nFrom: a@two.test\r\n\r\nx"));
        assertEquals(Optional.empty(), of("From: a@one.test, b@two.test\r\n\r\nx"));
        assertEquals(Optional.empty(), of("From: no-domain\r\n\r\nx"));
        assertEquals(Optional.empty(), of("From: <>\r\n\r\nx"));
        assertEquals(Optional.empty(), of(""));
    }

    @Test
    void hostileHeadersEndInNoneNotInAnException() {
        assertEquals(Optional.empty(), of("From: a@" + "x".repeat(20_000) + ".test\r\n\r\nx"));
        assertEquals(Optional.empty(), of("X-Long: " + "y ".repeat(40_000) + "\r\nFrom: a@example.test\r\n\r\nx"));
        assertEquals(Optional.empty(), of("X: 1\r\n".repeat(2000) + "From: a@example.test\r\n\r\nx"));
    }
}
