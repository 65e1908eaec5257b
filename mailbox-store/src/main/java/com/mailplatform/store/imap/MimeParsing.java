package com.mailplatform.store.imap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * Mime4j set up the way IMAP needs it: lenient (real mail is often broken), no limits that would throw on long
 * lines, and bodies left encoded so part sizes and octets are those of the wire form (RFC 9051 section 7.5.2).
 * Call from a worker thread, never from an event loop.
 */
final class MimeParsing {

    static final MimeConfig CONFIG = MimeConfig.custom()
            .setMaxLineLen(-1).setMaxHeaderLen(-1).setMaxHeaderCount(-1).setMaxContentLen(-1)
            .setStrictParsing(false).build();

    private MimeParsing() {
    }

    static Message parse(byte[] raw) {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(CONFIG);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        builder.setContentDecoding(false);
        try {
            return builder.parseMessage(new ByteArrayInputStream(raw));
        } catch (IOException e) {
            throw new IllegalStateException("unparsable message", e);
        }
    }

    private interface Writing {
        void to(DefaultMessageWriter writer, ByteArrayOutputStream out) throws IOException;
    }

    /** The wire form Mime4j writes (raw fields, bodies still encoded since content decoding is off). */
    private static byte[] written(Writing writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writing.to(new DefaultMessageWriter(), out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static byte[] header(Header header) {
        return written((w, out) -> w.writeHeader(header, out));
    }

    static byte[] body(Body body) {
        return written((w, out) -> w.writeBody(body, out));
    }

    static byte[] entity(Entity entity) {
        return written((w, out) -> w.writeEntity(entity, out));
    }

    /** Where the header ends in the raw bytes: just after the first empty line (RFC 5322 section 2.1). */
    static int headerEnd(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n') {
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < raw.length && raw[i + 1] == '\r' && raw[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return raw.length;
    }

    /** A header value with folding removed (RFC 5322 section 2.2.3). */
    static String unfold(String value) {
        return value == null ? null : value.replace("\r\n", "").replace("\n", "").trim();
    }
}
