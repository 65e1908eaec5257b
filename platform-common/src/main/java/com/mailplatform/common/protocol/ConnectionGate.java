package com.mailplatform.common.protocol;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may hold a connection: at most {@code maxPerIp} not yet authenticated per client address and {@code max} in
 * all, like Postfix's smtpd_client_connection_count_limit and Dovecot's login process limits. Once a connection
 * has authenticated it no longer counts against its address (an office behind one NAT address has many users),
 * only against the total. When the listener is full, the oldest connection that has not authenticated yet is
 * closed to make room (Dovecot's login processes do the same), so idle or slow pre-login connections from many
 * addresses cannot keep real users out; authenticated sessions are never evicted. One gate per listener group,
 * shared by its event loops (synchronized, all operations O(1)).
 */
public final class ConnectionGate {

    /** A connection that was let in; release it exactly once, when the socket closes. */
    public final class Ticket {
        private final String ip;
        private final Runnable evict;
        private boolean authenticated;
        private boolean released;

        private Ticket(String ip, Runnable evict) {
            this.ip = ip;
            this.evict = evict;
        }

        /** The client logged in: the connection can no longer be evicted, nor does it count against its address. */
        public void authenticated() {
            synchronized (ConnectionGate.this) {
                if (!released && !authenticated) {
                    authenticated = true;
                    preLogin.remove(this);
                    perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
                }
            }
        }

        public void release() {
            synchronized (ConnectionGate.this) {
                if (released) {
                    return;
                }
                released = true;
                preLogin.remove(this);
                total--;
                if (!authenticated) {
                    perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
                }
            }
        }
    }

    private final int max;
    private final int maxPerIp;
    private final Map<String, Integer> perIp = new HashMap<>();
    /** Pre-login tickets in arrival order: the first is the one to evict. */
    private final LinkedHashMap<Ticket, Boolean> preLogin = new LinkedHashMap<>();
    private int total;

    /**
     * @param max      connections in all (0: no limit)
     * @param maxPerIp unauthenticated connections per client address (0: no limit)
     */
    public ConnectionGate(int max, int maxPerIp) {
        this.max = max;
        this.maxPerIp = maxPerIp;
    }

    /**
     * Lets a connection in, or returns null when it must be refused. {@code evict} closes this connection if a
     * later one needs its place while it is still not authenticated; it is called outside the gate's lock.
     * {@code exempt} addresses (mynetworks) skip the per-address limit.
     */
    public Ticket admit(String ip, boolean exempt, Runnable evict) {
        Ticket victim = null;
        Ticket ticket;
        synchronized (this) {
            if (!exempt && maxPerIp > 0 && perIp.getOrDefault(ip, 0) >= maxPerIp) {
                return null;
            }
            if (max > 0 && total >= max) {
                var oldest = preLogin.keySet().iterator();
                if (!oldest.hasNext()) {
                    return null;
                }
                victim = oldest.next();
                // the victim's own release() will not count twice: it is released here, its close comes later
                victim.release();
            }
            ticket = new Ticket(ip, evict);
            total++;
            perIp.merge(ip, 1, Integer::sum);
            preLogin.put(ticket, Boolean.TRUE);
        }
        if (victim != null) {
            victim.evict.run();
        }
        return ticket;
    }

    public synchronized int open() {
        return total;
    }

    /** Connections from {@code ip} that have not authenticated. */
    public synchronized int open(String ip) {
        return perIp.getOrDefault(ip, 0);
    }
}
