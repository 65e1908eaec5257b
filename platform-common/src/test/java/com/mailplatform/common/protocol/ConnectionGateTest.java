package com.mailplatform.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionGateTest {

    /** Issue: 1000 idle connections from one address kept every other user out. */
    @Test
    void oneAddressGetsItsShareOnly() {
        ConnectionGate gate = new ConnectionGate(1000, 20);
        int admitted = 0;
        for (int i = 0; i < 1000; i++) {
            if (gate.admit("203.0.113.1", false, () -> { }) != null) {
                admitted++;
            }
        }
        assertEquals(20, admitted);
        assertNotNull(gate.admit("192.0.2.5", false, () -> { }), "another client still gets in");
        assertNotNull(gate.admit("203.0.113.1", true, () -> { }), "mynetworks is exempt from the per-address limit");
    }

    /** Issue: 1100 connections from 275 addresses filled the listener; now the oldest pre-login one makes room. */
    @Test
    void aFullListenerEvictsTheOldestPreLoginConnectionNeverAnAuthenticatedOne() {
        ConnectionGate gate = new ConnectionGate(1000, 20);
        AtomicInteger evicted = new AtomicInteger();
        List<ConnectionGate.Ticket> users = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ConnectionGate.Ticket t = gate.admit("192.0.2." + i, false, () -> { throw new AssertionError("authenticated evicted"); });
            t.authenticated();
            users.add(t);
        }
        for (int i = 0; i < 1100; i++) {
            gate.admit("198.51." + (i / 4 / 250) + "." + (i / 4 % 250), false, evicted::incrementAndGet);
        }
        assertEquals(1000, gate.open(), "never more than the limit");
        assertEquals(110, evicted.get(), "each attacker connection past the limit evicted an older attacker one");
        ConnectionGate.Ticket legit = gate.admit("192.0.2.200", false, evicted::incrementAndGet);
        assertNotNull(legit, "a real user still gets in");
        legit.authenticated();
        users.forEach(ConnectionGate.Ticket::release);
        assertEquals(990, gate.open());
    }

    @Test
    void aFullListenerOfAuthenticatedSessionsRefuses() {
        ConnectionGate gate = new ConnectionGate(2, 0);
        gate.admit("a", false, () -> { }).authenticated();
        ConnectionGate.Ticket b = gate.admit("b", false, () -> { });
        b.authenticated();
        assertNull(gate.admit("c", false, () -> { }));
        b.release();
        b.release();
        assertEquals(1, gate.open(), "a release counts once");
        assertTrue(gate.admit("c", false, () -> { }) != null);
    }

    /** Many users behind one NAT address: once logged in they no longer count against the address. */
    @Test
    void authenticatedConnectionsDoNotCountAgainstTheirAddress() {
        ConnectionGate gate = new ConnectionGate(1000, 3);
        for (int i = 0; i < 50; i++) {
            ConnectionGate.Ticket t = gate.admit("198.51.100.1", false, () -> { });
            assertNotNull(t, "user " + i + " behind the NAT address");
            t.authenticated();
        }
        assertEquals(0, gate.open("198.51.100.1"));
        for (int i = 0; i < 3; i++) {
            assertNotNull(gate.admit("198.51.100.1", false, () -> { }));
        }
        assertNull(gate.admit("198.51.100.1", false, () -> { }), "but only three may wait at the login prompt");
        assertEquals(53, gate.open());
    }
}
