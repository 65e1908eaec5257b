package com.mailplatform.delivery.sieve;

import com.mailplatform.common.sieve.SieveMail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * A message parsed once (Apache Mime4j) into what Sieve tests look at: decoded header fields (RFC 2047), the text of
 * each body part (RFC 5173 :text/:content), the raw body (:raw), and the message's own bytes. Text is bounded so
 * that a hostile message costs bounded memory; a message Mime4j cannot parse is seen with its headers only.
 */
public record MessageView(List<Map.Entry<String, String>> headers, List<SieveMail.Part> parts, String rawBody,
                          byte[] content) {

    /** Characters of body text kept in all, like Dovecot's sieve body extension works on a bounded prefix. */
    static final int MAX_TEXT = 1 << 20;
    private static final MimeConfig LIMITS = MimeConfig.custom().setMaxLineLen(-1).setMaxHeaderLen(100000)
            .setMaxHeaderCount(1000).setMaxContentLen(-1).build();

    public static MessageView of(byte[] content) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        List<SieveMail.Part> parts = new ArrayList<>();
        try {
            DefaultMessageBuilder builder = new DefaultMessageBuilder();
            builder.setMimeEntityConfig(LIMITS);
            builder.setDecodeMonitor(DecodeMonitor.SILENT);
            Message m = builder.parseMessage(new ByteArrayInputStream(content));
            for (Field f : m.getHeader().getFields()) {
                headers.add(Map.entry(f.getName(), DecoderUtil.decodeEncodedWords(unfold(f.getBody()), DecodeMonitor.SILENT)));
            }
            int[] budget = {MAX_TEXT};
            walk(m, parts, budget, 0);
        } catch (IOException | RuntimeException malformed) {
            // what was read stays; the script still runs (RFC 5228 section 2.10.6 would keep it on error anyway)
        }
        return new MessageView(headers, parts, rawBody(content), content);
    }

    private static void walk(Entity e, List<SieveMail.Part> parts, int[] budget, int depth) throws IOException {
        Body b = e.getBody();
        if (b instanceof Multipart mp && depth < 20) {
            for (Entity child : mp.getBodyParts()) {
                walk(child, parts, budget, depth + 1);
            }
        } else if (b instanceof Message inner && depth < 20) {
            walk(inner, parts, budget, depth + 1);
        } else if (b instanceof TextBody tb && budget[0] > 0) {
            StringBuilder sb = new StringBuilder();
            try (Reader r = tb.getReader()) {
                char[] buf = new char[8192];
                int n;
                while (budget[0] > 0 && (n = r.read(buf, 0, Math.min(buf.length, budget[0]))) > 0) {
                    sb.append(buf, 0, n);
                    budget[0] -= n;
                }
            }
            parts.add(new SieveMail.Part(e.getMimeType(), sb.toString()));
        } else {
            parts.add(new SieveMail.Part(e.getMimeType(), ""));
        }
    }

    private static String unfold(String s) {
        return s.replaceAll("\r?\n[ \t]", " ").trim();
    }

    private static String rawBody(byte[] content) {
        String s = new String(content, 0, Math.min(content.length, MAX_TEXT * 2), StandardCharsets.ISO_8859_1);
        int i = s.indexOf("\r\n\r\n");
        return i < 0 ? "" : s.substring(i + 4);
    }

    /** addr-specs of an address list header value (RFC 5322 section 3.4), groups flattened. */
    public static List<String> addresses(String value) {
        List<String> out = new ArrayList<>();
        try {
            for (Mailbox m : LenientAddressParser.DEFAULT.parseAddressList(value).flatten()) {
                out.add(m.getAddress());
            }
        } catch (RuntimeException malformed) {
            // nothing to match
        }
        return out;
    }

    public List<String> header(String name) {
        List<String> out = new ArrayList<>();
        headers.forEach(h -> {
            if (h.getKey().equalsIgnoreCase(name)) {
                out.add(h.getValue());
            }
        });
        return out;
    }

    public SieveMail mail(String envelopeFrom, String envelopeTo) {
        return new SieveMail(headers, parts, rawBody, envelopeFrom, envelopeTo, content.length, MessageView::addresses);
    }
}
