package com.mailplatform.delivery.dkim;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * The RFC5322.From domain of a message (DMARC's Author Domain, RFC 7489 section 3.1.1), which DKIM's d= must align
 * with. Pure; reads the header section only, with mime4j's limits.
 */
public final class FromDomain {

    /** The limits jDKIM parses with, so what is found here can also be signed. */
    private static final MimeConfig LIMITS = MimeConfig.custom().setMaxLineLen(10000).setMaxHeaderLen(30000)
            .setMaxHeaderCount(1000).build();

    private FromDomain() {
    }

    /**
     * The domain, lower case, when the message has exactly one From field whose mailboxes all have one domain
     * (RFC 5322 section 3.6 allows one From field; DMARC cannot evaluate several Author Domains). Otherwise empty:
     * such a message is sent unsigned, as no signature could make it align.
     */
    public static Optional<String> of(byte[] message) {
        Header header;
        try {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(LIMITS);
            header = builder.parseHeader(new ByteArrayInputStream(message));
        } catch (Exception malformed) {
            return Optional.empty();
        }
        List<Field> from = header.getFields("From");
        if (from.size() != 1) {
            return Optional.empty();
        }
        MailboxList mailboxes = LenientAddressParser.DEFAULT.parseAddressList(from.get(0).getBody()).flatten();
        String domain = null;
        for (Mailbox m : mailboxes) {
            String d = m.getDomain() == null ? "" : m.getDomain().trim().toLowerCase(Locale.ROOT);
            if (d.endsWith(".")) {
                d = d.substring(0, d.length() - 1);
            }
            if (d.isEmpty() || (domain != null && !domain.equals(d))) {
                return Optional.empty();
            }
            domain = d;
        }
        return Optional.ofNullable(domain);
    }
}
