package com.mailplatform.delivery.route;

import java.net.InetAddress;
import java.util.List;

/** One host to try for a domain: its name, MX preference (0 for A/AAAA, transport and relayhost), addresses, port. */
public record Destination(String host, int preference, List<InetAddress> addresses, int port) {
}
