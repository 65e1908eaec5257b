package com.mailplatform.admin.probe;

import java.util.List;
import java.util.Locale;

/** Certificate name matching of RFC 6125 section 6.4: exact, or one left-most wildcard label "*.". */
public final class HostNames {

    private HostNames() {
    }

    public static boolean matchesAny(String host, List<String> names) {
        String h = host.toLowerCase(Locale.ROOT);
        return names.stream().anyMatch(n -> matches(h, n.toLowerCase(Locale.ROOT)));
    }

    static boolean matches(String host, String name) {
        if (name.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(name.substring(1)) && name.indexOf('.', 2) > 0;
        }
        return host.equals(name);
    }
}
