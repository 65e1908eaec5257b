package com.mailplatform.delivery.route;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Postfix's transport(5) for SMTP next hops: {@code example.com=[mx.example.com]:2525} for one domain,
 * {@code .example.com=...} for its subdomains. Lookup order as transport(5): the domain itself, then each parent
 * domain with a leading dot.
 */
public final class TransportMap {

    private final Map<String, NextHop> entries;

    private TransportMap(Map<String, NextHop> entries) {
        this.entries = entries;
    }

    /** Parses {@code pattern=nexthop} entries; throws IllegalArgumentException naming the bad one. */
    public static TransportMap parse(List<String> lines, int defaultPort) {
        Map<String, NextHop> map = new HashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("transport entry is not pattern=nexthop: " + line);
            }
            map.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), NextHop.parse(line.substring(eq + 1), defaultPort));
        }
        return new TransportMap(Map.copyOf(map));
    }

    public Optional<NextHop> lookup(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        NextHop exact = entries.get(d);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (int dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            NextHop parent = entries.get(d.substring(dot));
            if (parent != null) {
                return Optional.of(parent);
            }
        }
        return Optional.empty();
    }
}
