package com.mailplatform.store.imap;

import com.mailplatform.common.grpc.mailbox.SortFields;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.Field;

/**
 * The header values SORT and THREAD order by (RFC 5256 sections 2.2 and 3, RFC 5957), taken from a parsed message
 * once, at delivery or on the first SORT/THREAD of an older message.
 */
public final class SortFieldsOf {

    /** A msg-id as RFC 5322 section 3.6.4 writes it, leniently: anything without spaces or brackets inside. */
    private static final Pattern MSG_ID = Pattern.compile("<[^<>\\s]+>");
    /** Cap on References kept: a hostile header must not make the row (or THREAD's work) unbounded. */
    static final int MAX_REFERENCES = 100;

    private SortFieldsOf() {
    }

    /** Never fails: an unparsable message sorts as one with no header. */
    public static SortFields safeOf(byte[] raw) {
        try {
            return of(MimeParsing.parse(raw));
        } catch (RuntimeException e) {
            return SortFields.getDefaultInstance();
        }
    }

    public static SortFields of(Message message) {
        Header h = message.getHeader();
        SortFields.Builder b = SortFields.newBuilder();
        String subject = value(h, "Subject");
        if (subject != null) {
            b.setSubject(DecoderUtil.decodeEncodedWords(subject, DecodeMonitor.SILENT));
        }
        Address from = first(h, "From");
        Address to = first(h, "To");
        Address cc = first(h, "Cc");
        b.setFromMailbox(localPart(from)).setToMailbox(localPart(to)).setCcMailbox(localPart(cc))
                .setFromDisplay(display(from)).setToDisplay(display(to));
        try {
            if (message.getDate() != null) {
                b.setSentDateMillis(message.getDate().getTime());
            }
        } catch (RuntimeException unparsable) {
            // RFC 5256 section 2.2: an invalid Date: counts as none
        }
        List<String> ids = ids(value(h, "Message-ID"));
        if (!ids.isEmpty()) {
            b.setMessageId(ids.get(0));
        }
        // RFC 5256 REFERENCES step (1)(A): References, or when it has no valid msg-id the first of In-Reply-To
        List<String> refs = ids(value(h, "References"));
        if (refs.isEmpty()) {
            List<String> inReplyTo = ids(value(h, "In-Reply-To"));
            refs = inReplyTo.isEmpty() ? List.of() : inReplyTo.subList(0, 1);
        }
        if (refs.size() > MAX_REFERENCES) {
            // keep the newest ones: the parent is the last reference
            refs = refs.subList(refs.size() - MAX_REFERENCES, refs.size());
        }
        return b.addAllReferences(refs).build();
    }

    static List<String> ids(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        Matcher m = MSG_ID.matcher(value);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static String value(Header h, String name) {
        Field f = h == null ? null : h.getField(name);
        return f == null ? null : MimeParsing.unfold(f.getBody());
    }

    /** The first address; a group counts as its name (the IMAP ENVELOPE's group start is (NIL NIL name NIL)). */
    private static Address first(Header h, String name) {
        String v = value(h, name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            AddressList list = LenientAddressParser.DEFAULT.parseAddressList(v);
            return list.isEmpty() ? null : list.get(0);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String localPart(Address a) {
        if (a instanceof Group g) {
            return g.getName() == null ? "" : g.getName();
        }
        return a instanceof Mailbox m && m.getLocalPart() != null ? m.getLocalPart() : "";
    }

    /** RFC 5957 section 3: the display-name when there is one, else the addr-spec (for a group: its name). */
    private static String display(Address a) {
        if (a instanceof Group) {
            return localPart(a);
        }
        if (!(a instanceof Mailbox m)) {
            return "";
        }
        if (m.getName() != null && !m.getName().isBlank()) {
            return DecoderUtil.decodeEncodedWords(m.getName(), DecodeMonitor.SILENT).trim();
        }
        return m.getDomain() == null ? localPart(m) : localPart(m) + "@" + m.getDomain();
    }
}
