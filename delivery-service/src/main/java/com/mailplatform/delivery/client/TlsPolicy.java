package com.mailplatform.delivery.client;

import java.util.List;
import java.util.Locale;

/** smtp_tls_policy_maps reduced to "encrypt" entries: {@code example.com} or {@code .example.com} (subdomains). */
public final class TlsPolicy {

    private final List<String> required;

    public TlsPolicy(List<String> required) {
        this.required = required.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    public boolean requires(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        for (String r : required) {
            if (r.startsWith(".") ? d.endsWith(r) : d.equals(r)) {
                return true;
            }
        }
        return false;
    }
}
