package com.mailplatform.admin.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probe's pure parts against normal and hostile input: targets, certificate names. Its SMTP replies are parsed by
 * platform-common's ReplyParser, tested there (ReplyParserTest).
 */
class ProbeParsersTest {

    @Test
    void targets() {
        assertEquals(new ProbeTarget("mx.example.test", 25), ProbeTarget.parse("mx.example.test"));
        assertEquals(new ProbeTarget("mx.example.test", 587), ProbeTarget.parse(" mx.example.test:587 "));
        assertEquals(new ProbeTarget("127.0.0.1", 2525), ProbeTarget.parse("127.0.0.1:2525"));
        assertEquals(new ProbeTarget("::1", 25), ProbeTarget.parse("[::1]:25"));
        assertEquals(new ProbeTarget("2001:db8::1", 25), ProbeTarget.parse("[2001:db8::1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":25", "host:0", "host:65536", "host:x", "bad_host", "a..b", "[::1", "[::1]x", "[not-v6]:25",
            "host:25:25", "-lead.example", "ex ample.test"})
    void hostileTargetsAreRefused(String target) {
        assertThrows(IllegalArgumentException.class, () -> ProbeTarget.parse(target));
    }

    @Test
    void certificateNames() {
        assertTrue(HostNames.matchesAny("MX.Example.test", List.of("mx.example.test")));
        assertTrue(HostNames.matchesAny("mx.example.test", List.of("*.example.test")));
        assertFalse(HostNames.matchesAny("a.mx.example.test", List.of("*.example.test")), "a wildcard covers one label");
        assertFalse(HostNames.matchesAny("example.test", List.of("*.example.test")));
        assertFalse(HostNames.matchesAny("x.test", List.of("*.test")), "no wildcard over a top-level domain");
        assertFalse(HostNames.matchesAny("mx.example.test", List.of()));
    }
}
