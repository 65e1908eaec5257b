package com.mailplatform.delivery.route;

import java.util.List;

/**
 * Where mail for a domain goes. {@code hosts} is in the order to try. A route without hosts is a failure:
 * {@code permanent} decides between bounce (null MX, no such domain) and deferral (DNS trouble).
 */
public record Route(String domain, Kind kind, List<Destination> hosts, String dsn, String detail) {

    public enum Kind {
        TRANSPORT, RELAYHOST, MX, A, NULL_MX, NONE;

        /** The words of queue.proto's RouteReply.kind. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public boolean deliverable() {
        return !hosts.isEmpty();
    }

    public boolean permanent() {
        return dsn.startsWith("5");
    }
}
