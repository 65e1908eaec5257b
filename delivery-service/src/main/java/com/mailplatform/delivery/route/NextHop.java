package com.mailplatform.delivery.route;

/**
 * A next hop as Postfix writes it in transport(5) and relayhost: {@code host}, {@code host:port}, or
 * {@code [host]:port} where the brackets mean "no MX lookup, connect to this host's addresses".
 */
public record NextHop(String host, int port, boolean mxLookup) {

    /** Parses a next hop; {@code defaultPort} applies when none is given. Throws IllegalArgumentException. */
    public static NextHop parse(String text, int defaultPort) {
        String s = text.strip();
        if (s.startsWith("smtp:")) {
            s = s.substring(5);
        }
        boolean mx = true;
        String host;
        String rest;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unbalanced [ in next hop: " + text);
            }
            host = s.substring(1, close);
            rest = s.substring(close + 1);
            mx = false;
        } else {
            int colon = s.lastIndexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            rest = colon < 0 ? "" : s.substring(colon);
        }
        int port = defaultPort;
        if (!rest.isEmpty()) {
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("bad next hop: " + text);
            }
            try {
                port = Integer.parseInt(rest.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in next hop: " + text);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range in next hop: " + text);
            }
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:_-]+")) {
            throw new IllegalArgumentException("bad host in next hop: " + text);
        }
        return new NextHop(host, port, mx);
    }
}
