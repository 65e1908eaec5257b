package com.mailplatform.store.imap;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/**
 * The display name of an address written the old way, {@code user@domain (Real Name)}: RFC 5322 section 3.4 makes
 * the comment no part of the address, and Mime4j drops it, but mail readers and Dovecot take it as the name when
 * there is no phrase (RFC 822's own examples do). Used for ENVELOPE (RFC 3501 section 7.4.2) and for matching
 * SEARCH FROM/TO/CC/BCC against the parsed addresses (RFC 3501 section 6.4.4).
 */
final class AddressComments {

    /** An addr-spec not inside angle brackets, then a comment without nested parentheses. */
    private static final Pattern ADDR_SPEC_COMMENT =
            Pattern.compile("(?<![<\\w.!#$%&'*+/=?^`{|}~-])([^\\s<>(),;:\"@]+@[^\\s<>(),;:\"@]+)\\s*\\(([^()]*)\\)");

    private AddressComments() {
    }

    /** local@domain (lower case) to its comment, for every addr-spec of a header value followed by one. */
    static Map<String, String> of(String value) {
        Map<String, String> names = new HashMap<>();
        if (value == null || value.indexOf('(') < 0) {
            return names;
        }
        Matcher m = ADDR_SPEC_COMMENT.matcher(value);
        while (m.find()) {
            String comment = m.group(2).trim();
            if (!comment.isEmpty()) {
                names.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), comment);
            }
        }
        return names;
    }

    /** The display name of a parsed mailbox: its phrase, else the comment after its addr-spec, else null. */
    static String name(Mailbox m, Map<String, String> comments) {
        if (m.getName() != null && !m.getName().isEmpty()) {
            return m.getName();
        }
        return comments.isEmpty() ? null : comments.get(m.getAddress().toLowerCase(Locale.ROOT));
    }

    /**
     * An address header as SEARCH matches it: every mailbox as {@code name <local@domain>}, comments and folding
     * gone, so {@code <user (c)@ (c) domain.org>} is found by {@code user@domain.org}. Null when unparsable.
     */
    static String normalized(String value) {
        AddressList list;
        try {
            list = LenientAddressParser.DEFAULT.parseAddressList(value);
        } catch (RuntimeException e) {
            return null;
        }
        Map<String, String> comments = of(value);
        StringBuilder sb = new StringBuilder();
        for (Address a : list) {
            if (a instanceof Mailbox m) {
                append(sb, m, comments);
            } else if (a instanceof Group g) {
                sb.append(g.getName()).append(": ");
                g.getMailboxes().forEach(m -> append(sb, m, comments));
                sb.append("; ");
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, Mailbox m, Map<String, String> comments) {
        String name = name(m, comments);
        if (name != null) {
            sb.append(name).append(' ');
        }
        sb.append('<').append(m.getAddress()).append(">, ");
    }
}
