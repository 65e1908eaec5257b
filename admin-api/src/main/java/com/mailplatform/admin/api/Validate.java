package com.mailplatform.admin.api;

import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import java.util.Locale;

/**
 * Syntax checks on what admin-api forwards to services that do not check it themselves (delivery-service's
 * queue filters, route, probe) and early, clear 400s for addresses: RFC 5321 section 4.1.2 addresses and
 * RFC 1035 section 2.3.1 host names, via platform-common's {@link MailAddress}.
 */
final class Validate {

    private Validate() {
    }

    static String address(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("'" + field + "' must be an address");
        }
        noControl(field, value);
        MailAddress parsed;
        try {
            // UTF-8 local parts and U-labels (RFC 6531): accounts and aliases may have them.
            parsed = MailAddress.parse(value.trim(), true);
        } catch (AddressException e) {
            throw ProblemException.badRequest("'" + field + "' is not a valid address ('" + shorten(value) + "'): " + e.getMessage());
        }
        String address = parsed.toString();
        if (address.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MailAddress.MAX_ADDRESS) { // octets (RFC 6531 section 3.3)
            throw ProblemException.badRequest("'" + field + "' is not a valid address ('" + shorten(value) + "'): longer than "
                    + MailAddress.MAX_ADDRESS + " octets");
        }
        return address;
    }

    /** {@code local@domain} or {@code @domain} (a catch-all). */
    static String aliasAddress(String value) {
        if (value != null && value.trim().startsWith("@")) {
            return "@" + domain("address", value.trim().substring(1));
        }
        return address("address", value);
    }

    static String domain(String field, String value) {
        noControl(field, value);
        String d = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        try {
            if (d.isEmpty() || d.startsWith("[") || !d.contains(".")) {
                throw new AddressException("a domain name needs at least two labels");
            }
            d = MailAddress.asciiDomain(d);
        } catch (AddressException e) {
            throw ProblemException.badRequest("'" + field + "' is not a valid domain name ('" + shorten(value) + "'): " + e.getMessage());
        }
        return d;
    }

    /** Empty when absent; else a valid domain name. */
    static String optionalDomain(String field, String value) {
        return value == null || value.isBlank() ? "" : domain(field, value);
    }

    /** Empty when absent; else a valid address. */
    static String optionalAddress(String field, String value) {
        return value == null || value.isBlank() ? "" : address(field, value);
    }

    /**
     * Empty when absent; else one of {@code words} (a query parameter's enumeration, compared without case), else a 400
     * naming them.
     */
    static String optionalWord(String param, String value, java.util.List<String> words) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!v.isEmpty() && !words.contains(v)) {
            throw ProblemException.badRequest("query parameter '" + param + "' must be one of " + String.join(", ", words));
        }
        return v;
    }

    /**
     * Refuses C0 controls, DEL and C1 controls anywhere in an identifier. Checked before any {@code trim()}, which
     * silently drops every character up to U+0020 (so {@code demo@example.test%00} used to pass as the account).
     */
    static String noControl(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                throw ProblemException.badRequest("'" + field + "' contains a control character (U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + ")");
            }
        }
        return value;
    }

    static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
