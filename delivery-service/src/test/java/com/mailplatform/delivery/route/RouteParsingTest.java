package com.mailplatform.delivery.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouteParsingTest {

    @Test
    void nextHopsAsPostfixWritesThem() {
        assertEquals(new NextHop("mx.example.com", 25, true), NextHop.parse("mx.example.com", 25));
        assertEquals(new NextHop("mx.example.com", 2525, false), NextHop.parse("[mx.example.com]:2525", 25));
        assertEquals(new NextHop("192.0.2.1", 25, false), NextHop.parse("smtp:[192.0.2.1]", 25));
        assertEquals(new NextHop("relay.example", 587, true), NextHop.parse("relay.example:587", 25));
        for (String bad : List.of("", "[x", "host:0", "host:70000", "host:port", "[h]x", "bad host", "h;rm")) {
            assertThrows(IllegalArgumentException.class, () -> NextHop.parse(bad, 25), bad);
        }
    }

    @Test
    void transportMapMatchesTheDomainThenParents() {
        TransportMap t = TransportMap.parse(List.of("example.com=[10.0.0.1]:26", ".example.com=relay.example", ""), 25);
        assertEquals(26, t.lookup("EXAMPLE.com").orElseThrow().port());
        assertEquals("relay.example", t.lookup("a.b.example.com").orElseThrow().host());
        assertTrue(t.lookup("example.org").isEmpty());
        assertTrue(t.lookup("notexample.com").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> TransportMap.parse(List.of("no-equals"), 25));
    }

    @Test
    void mxByPreferenceRandomAmongEquals() {
        List<MxOrder.Mx> mx = List.of(new MxOrder.Mx("c", 20), new MxOrder.Mx("a", 10), new MxOrder.Mx("b", 10));
        boolean aFirst = false;
        boolean bFirst = false;
        for (int seed = 0; seed < 50; seed++) {
            List<MxOrder.Mx> o = MxOrder.order(mx, new Random(seed));
            assertEquals("c", o.get(2).host());
            aFirst |= o.get(0).host().equals("a");
            bFirst |= o.get(0).host().equals("b");
        }
        assertTrue(aFirst && bFirst, "equal preferences share the load");
    }

    @Test
    void nullMxIsOnlyTheSingleRootRecord() {
        assertTrue(MxOrder.isNullMx(List.of(new MxOrder.Mx(".", 0))));
        assertFalse(MxOrder.isNullMx(List.of(new MxOrder.Mx(".", 0), new MxOrder.Mx("mx", 10))));
        assertFalse(MxOrder.isNullMx(List.of(new MxOrder.Mx("mx", 0))));
    }
}
