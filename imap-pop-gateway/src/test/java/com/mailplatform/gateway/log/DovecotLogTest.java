package com.mailplatform.gateway.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class DovecotLogTest {

    @Test
    void loginAndLogoutInDovecotWords() {
        assertEquals("imap-login: Login: user=<u@e.test>, method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, mpid=42, TLS, session=<imap-3>",
                DovecotLog.login("imap", "u@e.test", "PLAIN", "192.0.2.1", "192.0.2.2", 42, true, "imap-3"));
        assertEquals("imap(u@e.test)<42><imap-3>: Disconnected: Logged out in=12 out=345",
                DovecotLog.sessionDisconnected("imap", "u@e.test", 42, "imap-3", "Logged out", "in=12 out=345"));
        assertEquals("pop3(u@e.test)<42><pop3-1>: Disconnected: Connection closed",
                DovecotLog.sessionDisconnected("pop3", "u@e.test", 42, "pop3-1", "Connection closed", ""));
    }

    @Test
    void failedLoginsAreCountedOnTheDisconnectLine() {
        assertEquals("pop3-login: Disconnected: Connection closed (auth failed, 2 attempts in 5 secs): user=<u@e.test>, "
                        + "method=PLAIN, rip=192.0.2.1, lip=192.0.2.2, session=<pop3-1>",
                DovecotLog.loginDisconnected("pop3", "Connection closed", 2, 5, "u@e.test", "PLAIN", "192.0.2.1", "192.0.2.2", false, "pop3-1"));
        assertEquals("imap-login: Disconnected: Logged out (no auth attempts in 0 secs): user=<>, rip=192.0.2.1, lip=192.0.2.2, "
                        + "TLS, session=<imap-1>",
                DovecotLog.loginDisconnected("imap", "Logged out", 0, 0, null, "PLAIN", "192.0.2.1", "192.0.2.2", true, "imap-1"));
    }

    @Test
    void aClientNameCannotForgeALine() {
        String line = DovecotLog.loginDisconnected("imap", "Connection closed", 1, 0, "x>, rip=203.0.113.9\nfake", "PLAIN",
                "192.0.2.1", "192.0.2.2", false, "imap-1");
        assertFalse(line.contains("\n") || line.contains("x>"), line);
    }
}
