package com.mailplatform.common.address;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * A mailbox address as RFC 5321 section 4.1.2 defines it: {@code Local-part "@" ( Domain / address-literal )},
 * with RFC 6531 section 3.3's UTF-8 local parts and U-labels when parsed for SMTPUTF8. The domain is kept in lower
 * case (domains are case-insensitive); the local part is kept as written (it is what the next hop receives), and
 * {@link #key()} gives the one normalized form every service uses for look-ups and comparisons.
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
        // The key is parsed again by the services it is handed to, so it must fit the same limits (lower-casing and
        // NFC can lengthen a local part: "\u0130" becomes "i\u0307").
        if (utf8 && keyLocalPart(local).getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART) {
            throw new AddressException("local part longer than " + MAX_LOCAL_PART + " octets once normalized");
        }
        return new MailAddress(local, domain);
    }

    /**
     * The platform's one normalized form of an address, used for every look-up (accounts, aliases, the recipient
     * cache, sender ownership) and comparison: the local part case-folded (as Postfix does for ASCII) and in Unicode
     * NFC, the domain as its A-label (IDNA), so that {@code ü@bücher.test} and {@code Ü@xn--bcher-kva.test} are
     * the same mailbox. RFC 6530 section 10.1 leaves the local part to the receiving system; NFC is applied here,
     * at the final destination only, because clients differ in how they compose "ü" (one code point or u + U+0308)
     * and a user cannot see the difference. Addresses are never rewritten on the way out: the next hop gets the
     * local part exactly as it was received.
     */
    public String key() {
        return keyLocalPart(localPart) + "@" + asciiDomainOf(domain);
    }

    /** Whether the address needs SMTPUTF8 to be sent (RFC 6531 section 3.4): it has a non-ASCII character. */
    public boolean needsSmtputf8() {
        return !isAscii(localPart) || !isAscii(domain);
    }

    /** As {@link #needsSmtputf8()} for an address kept as text (a queue row); the null sender is ASCII. */
    public static boolean needsSmtputf8(String address) {
        return address != null && !isAscii(address);
    }

    /**
     * A domain name (or address literal) as given by an operator or a peer, validated with U-labels allowed and
     * returned as the lower-case A-label form the platform stores and routes by (RFC 5890 section 2.3.2.1).
     */
    public static String asciiDomain(String domain) throws AddressException {
        String d = domain.toLowerCase(Locale.ROOT);
        validateDomain(d, true);
        return asciiDomainOf(d);
    }

    private static String keyLocalPart(String local) {
        String lower = local.toLowerCase(Locale.ROOT);
        return isAscii(lower) ? lower : Normalizer.normalize(lower, Normalizer.Form.NFC);
    }

    /** The A-label form of an already validated domain. */
    private static String asciiDomainOf(String domain) {
        if (isAscii(domain)) {
            return domain;
        }
        return IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }

    static void validateLocalPart(String local, boolean utf8) throws AddressException {
        if (!utf8 && !isAscii(local)) {
            throw new NonAsciiAddressException();
        }
        // RFC 6531 section 3.3: the limits stay in octets, so a UTF-8 local part holds fewer characters.
        if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART) {
            throw new AddressException("local part longer than " + MAX_LOCAL_PART + " octets");
        }
        if (!isAscii(local)) {
            checkNonAscii(local, "local part");
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

    /** RFC 6531 section 3.3: qtextSMTP also takes UTF8-non-ascii (checked by the caller, before this). */
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
            } else if (c == '"' || c < 32 || c == 127) {
                throw new AddressException("character not allowed in quoted local part");
            }
        }
    }

    public static void validateDomain(String domain) throws AddressException {
        validateDomain(domain, false);
    }

    public static void validateDomain(String domain, boolean utf8) throws AddressException {
        if (!utf8 && !isAscii(domain)) {
            throw new NonAsciiAddressException();
        }
        if (domain.getBytes(StandardCharsets.UTF_8).length > MAX_DOMAIN) {
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
        if (!isAscii(domain)) {
            validateIdn(domain);
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
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) {
                    throw new AddressException("character not allowed in domain");
                }
            }
        }
    }

    /**
     * A domain with U-labels (RFC 6531 section 3.3, RFC 5890): it must convert to A-labels (java.net.IDN, i.e.
     * IDNA2003 with STD3 rules: LDH labels of at most 63 octets) and then pass the ASCII checks. The four
     * characters IDNA2003 and IDNA2008 map differently (UTS 46 section 4, "deviations": \u00df, \u03c2, ZWJ, ZWNJ)
     * are refused rather than routed to the IDNA2003 form ("stra\u00dfe" would become "strasse", another domain).
     */
    private static void validateIdn(String domain) throws AddressException {
        checkNonAscii(domain, "domain");
        if (domain.indexOf('\u00df') >= 0 || domain.indexOf('\u03c2') >= 0) {
            throw new AddressException("domain has a character IDNA2003 and IDNA2008 convert differently");
        }
        // IDNA2003 (RFC 3490 section 3.1) splits labels at these too; in SMTP only "." does, so they are refused
        // rather than letting the kept text and its A-label name different label structures.
        if (domain.indexOf('\u3002') >= 0 || domain.indexOf('\uff0e') >= 0 || domain.indexOf('\uff61') >= 0) {
            throw new AddressException("domain has a full stop other than '.'");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            throw new AddressException("not a valid internationalized domain name");
        }
        if (!isAscii(ascii)) {
            throw new AddressException("not a valid internationalized domain name");
        }
        validateDomain(ascii.toLowerCase(Locale.ROOT), false);
    }

    /**
     * What RFC 6532's UTF8-non-ascii allows but no address should hold: unpaired surrogates (invalid UTF-8 that was
     * decoded leniently somewhere), U+FFFD (the trace of such a decoding), controls, format characters (bidi
     * overrides and zero-width characters make one address look like another), separators, private-use and
     * unassigned code points. Scripts may be mixed: RFC 6531 does not forbid it, and the key never folds
     * look-alikes, so a Cyrillic "\u0430" stays a different mailbox from a Latin "a".
     */
    private static void checkNonAscii(String s, String what) throws AddressException {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.SURROGATE || cp == 0xFFFD) {
                throw new AddressException("invalid UTF-8 in " + what);
            }
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SPACE_SEPARATOR
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED) {
                throw new AddressException(String.format(Locale.ROOT, "character U+%04X not allowed in %s", cp, what));
            }
        }
    }

    /** RFC 5322 section 3.2.3 atext. */
    static boolean isAtext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }
}
