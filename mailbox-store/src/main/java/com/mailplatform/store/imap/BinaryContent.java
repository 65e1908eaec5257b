package com.mailplatform.store.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.Locale;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.field.Fields;
import org.apache.james.mime4j.message.BasicBodyFactory;
import org.apache.james.mime4j.message.DefaultMessageWriter;

/**
 * Binary content APPENDed with a literal8 (RFC 3516 section 4.4): stored, but every part whose octets contain NUL
 * is re-encoded as base64 first. An IMAP literal may not carry NUL (RFC 9051 section 4.3, CHAR8), so BODY[] could
 * not return such a part; FETCH BINARY gives the original octets back by decoding. Messages without NUL (all mail
 * that came through SMTP) are stored exactly as received. Runs on a worker thread.
 */
final class BinaryContent {

    private static final BasicBodyFactory BODIES = new BasicBodyFactory();

    private BinaryContent() {
    }

    static byte[] withoutNul(byte[] raw) {
        if (!hasNul(raw)) {
            return raw;
        }
        Message message = MimeParsing.parse(raw);
        if (!reencode(message)) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4 / 3 + 64);
        try {
            AS_STORED.writeMessage(message, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes bodies as they are: Mime4j's writer would encode every single body by its Content-Transfer-Encoding,
     * but with content decoding off (MimeParsing) the bodies are already in their encoded form.
     */
    private static final DefaultMessageWriter AS_STORED = new DefaultMessageWriter() {
        @Override
        protected OutputStream encodeStream(OutputStream out, String encoding, boolean binaryBody) {
            return out;
        }
    };

    private static boolean reencode(Entity entity) {
        Body body = entity.getBody();
        if (body instanceof Multipart mp) {
            boolean changed = false;
            for (Entity part : mp.getBodyParts()) {
                changed |= reencode(part);
            }
            return changed;
        }
        if (body instanceof Message inner) {
            return reencode(inner);
        }
        if (!(body instanceof SingleBody single)) {
            return false;
        }
        String cte = entity.getContentTransferEncoding() == null ? "" : entity.getContentTransferEncoding().toLowerCase(Locale.ROOT);
        if (cte.equals("base64") || cte.equals("quoted-printable")) {
            return false; // already 7-bit by definition; a stray NUL in it is junk the decoder skips
        }
        ByteArrayOutputStream octets = new ByteArrayOutputStream();
        try {
            single.writeTo(octets);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] bytes = octets.toByteArray();
        if (!hasNul(bytes)) {
            return false;
        }
        entity.removeBody();
        entity.getHeader().setField(Fields.contentTransferEncoding("base64"));
        entity.setBody(BODIES.binaryBody(Base64.getMimeEncoder().encode(bytes)));
        return true;
    }

    private static boolean hasNul(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }
}
