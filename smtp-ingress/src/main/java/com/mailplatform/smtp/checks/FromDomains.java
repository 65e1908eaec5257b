package com.mailplatform.smtp.checks;

import com.mailplatform.smtp.filter.MessageEditor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.DefaultAddressParser;

/**
 * The RFC5322.From domains DMARC is about (RFC 7489 section 6.6.1), parsed with Apache Mime4j's address parser.
 * Every From field and every address in it counts: a message with two From fields or a From with two domains is
 * judged by each of them (the strictest outcome wins), so a second address cannot hide a forged first one.
 */
public final class FromDomains {

    /** Longest From value parsed; beyond it the field is unusable. */
    static final int MAX_VALUE = 8192;
    /** Most distinct domains evaluated per message. */
    static final int MAX_DOMAINS = 5;

    private FromDomains() {
    }

    /** Distinct lower-case domains; empty when there is no From with a parseable address. */
    public static List<String> of(MessageEditor.Parsed parsed) {
        Set<String> out = new LinkedHashSet<>();
        for (MessageEditor.Field f : parsed.fields()) {
            if (!f.name().equalsIgnoreCase("From")) {
                continue;
            }
            String v = f.value().replace("\r\n", "");
            if (v.length() > MAX_VALUE) {
                continue;
            }
            try {
                for (Mailbox m : DefaultAddressParser.DEFAULT.parseAddressList(v).flatten()) {
                    String d = m.getDomain();
                    if (d != null && d.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?") && out.size() < MAX_DOMAINS) {
                        out.add(d.toLowerCase(Locale.ROOT).replaceFirst("\\.$", ""));
                    }
                }
            } catch (Exception e) {
                // Not an address list: this field names no domain.
            }
        }
        return new ArrayList<>(out);
    }
}
