package com.mailplatform.common.address;

import java.util.Locale;

/**
 * A mailbox address as RFC 5321 section 4.1.2 defines it: {@code Local-part "@" ( Domain / address-literal )}.
 * The domain is kept in lower case (domains are case-insensitive); the local part is kept as written, and
 * {@link #key()} gives the case-folded form the platform uses for look-ups, as Postfix does.
 */
public record MailAddress(String localPart, String domain) {

    /** RFC 5321 section 4.5.3.1.1 and 4.5.3.1.2. */
    public static final int MAX_LOCAL_PART = 64;
    public static final int MAX_DOMAIN = 255;
    /** RFC 5321 section 4.5.3.1.3: a path is at most 256 octets with its angle brackets, so an address 254. */
    public static final int MAX_ADDRESS = 254;

    public MailAddress {
        domain = domain.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code local@domain} (no angle brackets), ASCII only. */
    public static MailAddress parse(String text) throws AddressException {
        return parse(text, false);
    }

    /**
     * Parses {@code local@domain}; with {@code utf8} (RFC 6531 SMTPUTF8) the local part and the domain labels may
     * also hold non-ASCII UTF-8 characters (RFC 6531 section 3.3, RFC 6532 section 3.2).
     */
    public static MailAddress parse(String text, boolean utf8) throws AddressException {
        if (text == null || text.isEmpty()) {
            throw new AddressException("empty address");
        }
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new AddressException("address must be local-part@domain");
        }
        String local = text.substring(0, at);
        // Checked as it is kept: lower-casing can lengthen a non-ASCII domain ("\u0130" becomes "i\u0307").
        String domain = text.substring(at + 1).toLowerCase(Locale.ROOT);
        validateLocalPart(local, utf8);
        validateDomain(domain, utf8);
        return new MailAddress(local, domain);
    }

    public String key() {
        return localPart.toLowerCase(Locale.ROOT) + "@" + domain;
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }

    static void validateLocalPart(String local, boolean utf8) throws AddressException {
        if (local.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LOCAL_PART) {
            throw new AddressException("local part longer than " + MAX_LOCAL_PART + " octets");
        }
        if (local.startsWith("\"")) {
            validateQuotedString(local);
            return;
        }
        // Dot-string = Atom *("." Atom)
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new AddressException("bad dot-string in local part");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c != '.' && !isAtext(c) && !(utf8 && c >= 0x80)) {
                throw new AddressException("character not allowed in local part");
            }
        }
    }

    private static void validateQuotedString(String s) throws AddressException {
        if (s.length() < 2 || !s.endsWith("\"")) {
            throw new AddressException("unterminated quoted local part");
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                if (i >= s.length() - 1 || s.charAt(i) < 32 || s.charAt(i) > 126) {
                    throw new AddressException("bad quoted-pair in local part");
                }
            } else if (c == '"' || c < 32 || c > 126) {
                throw new AddressException("character not allowed in quoted local part");
            }
        }
    }

    public static void validateDomain(String domain) throws AddressException {
        validateDomain(domain, false);
    }

    public static void validateDomain(String domain, boolean utf8) throws AddressException {
        if (domain.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DOMAIN) {
            throw new AddressException("domain longer than " + MAX_DOMAIN + " octets");
        }
        if (domain.startsWith("[")) {
            if (!domain.endsWith("]") || domain.length() < 3) {
                throw new AddressException("bad address literal");
            }
            for (int i = 1; i < domain.length() - 1; i++) {
                char c = domain.charAt(i);
                if (c < 33 || c > 126 || c == '[' || c == ']' || c == '\\') {
                    throw new AddressException("bad address literal");
                }
            }
            return;
        }
        String[] labels = domain.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63) {
                throw new AddressException("bad domain label");
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw new AddressException("domain label may not start or end with '-'");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                        || (utf8 && c >= 0x80 && !Character.isWhitespace(c) && !Character.isISOControl(c));
                if (!ok) {
                    throw new AddressException("character not allowed in domain");
                }
            }
        }
    }

    /** RFC 5322 section 3.2.3 atext. */
    static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }
}
