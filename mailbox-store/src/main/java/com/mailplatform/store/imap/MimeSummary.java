package com.mailplatform.store.imap;

import com.mailplatform.common.grpc.mailbox.SortFields;
import com.mailplatform.common.imap.ImapStrings;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.codec.EncoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.ContentDispositionField;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.Field;

/**
 * ENVELOPE, BODYSTRUCTURE and BODY of a message as IMAP strings (RFC 9051 section 7.5.2; RFC 3501 section
 * 7.4.2 for the rev1 forms, which are the same here), computed once with Mime4j and stored with the message;
 * sortFields are what SORT/THREAD order by (RFC 5256), from the same parse.
 */
public record MimeSummary(String envelope, String bodystructure, String body, long sentDateMillis, SortFields sortFields) {

    /**
     * Never fails: a message Mime4j cannot make sense of is described as one text/plain body, so a broken message
     * is still delivered and fetchable.
     */
    public static MimeSummary safeOf(byte[] raw) {
        try {
            return of(raw);
        } catch (RuntimeException e) {
            String plain = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" " + raw.length + " 0";
            return new MimeSummary("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)", plain + " NIL NIL NIL NIL)", plain + ")", 0,
                    SortFields.getDefaultInstance());
        }
    }

    public static MimeSummary of(byte[] raw) {
        Message message = MimeParsing.parse(raw);
        Date parsed;
        try {
            parsed = message.getDate();
        } catch (RuntimeException unparsable) {
            parsed = null;
        }
        Field dateField = message.getHeader() == null ? null : message.getHeader().getField("Date");
        long sent = SentDate.dayMillis(dateField == null ? null : dateField.getBody(), parsed);
        return new MimeSummary(envelope(message.getHeader()), structure(message, true), structure(message, false), sent,
                SortFieldsOf.of(message));
    }

    // ---- ENVELOPE ----

    static String envelope(Header h) {
        String from = addresses(h, "From");
        String sender = addresses(h, "Sender");
        String replyTo = addresses(h, "Reply-To");
        // RFC 3501 section 7.4.2: sender and reply-to default to from
        if (sender.equals("NIL")) {
            sender = from;
        }
        if (replyTo.equals("NIL")) {
            replyTo = from;
        }
        return "(" + ImapStrings.nstring(value(h, "Date")) + " " + ImapStrings.nstring(value(h, "Subject")) + " "
                + from + " " + sender + " " + replyTo + " " + addresses(h, "To") + " " + addresses(h, "Cc") + " "
                + addresses(h, "Bcc") + " " + ImapStrings.nstring(value(h, "In-Reply-To")) + " "
                + ImapStrings.nstring(value(h, "Message-ID")) + ")";
    }

    private static String value(Header h, String name) {
        Field f = h.getField(name);
        return f == null ? null : MimeParsing.unfold(f.getBody());
    }

    private static String addresses(Header h, String name) {
        String v = value(h, name);
        if (v == null || v.isBlank()) {
            return "NIL";
        }
        AddressList list;
        try {
            list = LenientAddressParser.DEFAULT.parseAddressList(v);
        } catch (RuntimeException e) {
            return "NIL";
        }
        Map<String, String> comments = AddressComments.of(v);
        StringBuilder sb = new StringBuilder("(");
        for (Address a : list) {
            if (a instanceof Mailbox m) {
                sb.append(address(m, comments));
            } else if (a instanceof Group g) {
                // RFC 3501 section 7.4.2: group start (NIL NIL name NIL), members, group end (NIL NIL NIL NIL)
                sb.append("(NIL NIL ").append(ImapStrings.string(g.getName())).append(" NIL)");
                for (Mailbox m : g.getMailboxes()) {
                    sb.append(address(m, comments));
                }
                sb.append("(NIL NIL NIL NIL)");
            }
        }
        return sb.length() == 1 ? "NIL" : sb.append(')').toString();
    }

    private static String address(Mailbox m, Map<String, String> comments) {
        String name = AddressComments.name(m, comments);
        if (name != null && !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            // keep the envelope 7-bit for rev1 clients: put the decoded name back into an RFC 2047 word
            name = EncoderUtil.encodeEncodedWord(name, EncoderUtil.Usage.TEXT_TOKEN);
        }
        String adl = m.getRoute() == null || m.getRoute().isEmpty() ? null : "@" + String.join(",@", m.getRoute());
        return "(" + ImapStrings.nstring(name) + " " + ImapStrings.nstring(adl) + " " + ImapStrings.nstring(m.getLocalPart())
                + " " + ImapStrings.nstring(m.getDomain()) + ")";
    }

    // ---- BODYSTRUCTURE / BODY ----

    static String structure(Entity e, boolean extended) {
        Body body = e.getBody();
        if (body instanceof Multipart mp) {
            StringBuilder sb = new StringBuilder("(");
            List<Entity> parts = mp.getBodyParts();
            if (parts.isEmpty()) {
                // a multipart needs at least one part on the wire; describe an empty text part
                sb.append("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)");
            }
            for (Entity part : parts) {
                sb.append(structure(part, extended));
            }
            sb.append(' ').append(ImapStrings.string(mp.getSubType() == null ? "mixed" : mp.getSubType().toLowerCase(Locale.ROOT)));
            if (extended) {
                ContentTypeField ct = contentType(e);
                sb.append(' ').append(params(ct == null ? Map.of() : ct.getParameters()));
                sb.append(' ').append(disposition(e)).append(' ').append(language(e)).append(' ').append(location(e));
            }
            return sb.append(')').toString();
        }
        String mime = e.getMimeType() == null ? "text/plain" : e.getMimeType().toLowerCase(Locale.ROOT);
        int slash = mime.indexOf('/');
        String type = slash < 0 ? mime : mime.substring(0, slash);
        String subtype = slash < 0 ? "plain" : mime.substring(slash + 1);
        ContentTypeField ct = contentType(e);
        Map<String, String> params = ct == null ? Map.of() : ct.getParameters();
        if (type.equals("text") && !params.containsKey("charset")) {
            params = new java.util.LinkedHashMap<>(params);
            params.put("charset", "us-ascii");
        }
        byte[] bytes = MimeParsing.body(body);
        StringBuilder sb = new StringBuilder("(");
        sb.append(ImapStrings.string(type)).append(' ').append(ImapStrings.string(subtype)).append(' ')
                .append(params(params)).append(' ')
                .append(ImapStrings.nstring(value(e.getHeader(), "Content-ID"))).append(' ')
                .append(ImapStrings.nstring(value(e.getHeader(), "Content-Description"))).append(' ')
                .append(ImapStrings.string(encoding(e))).append(' ')
                .append(bytes.length);
        if (body instanceof Message inner) {
            sb.append(' ').append(envelope(inner.getHeader())).append(' ').append(structure(inner, extended))
                    .append(' ').append(lines(bytes));
        } else if (type.equals("text")) {
            sb.append(' ').append(lines(bytes));
        }
        if (extended) {
            sb.append(' ').append(ImapStrings.nstring(value(e.getHeader(), "Content-MD5")))
                    .append(' ').append(disposition(e)).append(' ').append(language(e)).append(' ').append(location(e));
        }
        return sb.append(')').toString();
    }

    private static ContentTypeField contentType(Entity e) {
        Field f = e.getHeader() == null ? null : e.getHeader().getField("Content-Type");
        return f instanceof ContentTypeField ct ? ct : null;
    }

    private static String encoding(Entity e) {
        String enc = e.getContentTransferEncoding();
        return enc == null || enc.isBlank() ? "7bit" : enc.toLowerCase(Locale.ROOT);
    }

    private static String params(Map<String, String> params) {
        if (params == null || params.isEmpty()) {
            return "NIL";
        }
        StringBuilder sb = new StringBuilder("(");
        params.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(' ');
            }
            sb.append(ImapStrings.string(k)).append(' ').append(ImapStrings.string(v == null ? "" : v));
        });
        return sb.append(')').toString();
    }

    private static String disposition(Entity e) {
        Field f = e.getHeader() == null ? null : e.getHeader().getField("Content-Disposition");
        if (!(f instanceof ContentDispositionField cd) || cd.getDispositionType() == null || cd.getDispositionType().isEmpty()) {
            return "NIL";
        }
        return "(" + ImapStrings.string(cd.getDispositionType()) + " " + params(cd.getParameters()) + ")";
    }

    private static String language(Entity e) {
        String v = value(e.getHeader(), "Content-Language");
        if (v == null || v.isBlank()) {
            return "NIL";
        }
        StringBuilder sb = new StringBuilder("(");
        for (String tag : v.split("\\s*,\\s*")) {
            if (!tag.isBlank()) {
                sb.append(sb.length() > 1 ? " " : "").append(ImapStrings.string(tag.trim()));
            }
        }
        return sb.length() == 1 ? "NIL" : sb.append(')').toString();
    }

    private static String location(Entity e) {
        return ImapStrings.nstring(value(e.getHeader(), "Content-Location"));
    }

    private static long lines(byte[] bytes) {
        long n = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                n++;
            }
        }
        if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
            n++;
        }
        return n;
    }
}
