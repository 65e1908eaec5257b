package com.mailplatform.delivery.dkim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.james.jdkim.DKIMCommon;
import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.api.BodyHasher;
import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.impl.BodyHasherImpl;
import org.apache.james.jdkim.impl.Message;
import org.apache.james.jdkim.tagvalue.SignatureRecordTemplate;

/**
 * DKIM-Signature header fields for a message (RFC 6376 section 5), one per key, relaxed/relaxed. Canonicalization
 * and body hash are Apache jDKIM's; RSA is signed by jDKIM, Ed25519 (which jDKIM lacks) by the JDK over jDKIM's
 * canonicalized headers (RFC 8463 section 3). Pure: no I/O besides reading the given bytes.
 */
public final class DkimSigner {

    public static final String RSA_SHA256 = "rsa-sha256";
    public static final String ED25519_SHA256 = "ed25519-sha256";

    /** Folded lines are kept to this length where a tag allows (RFC 5322 section 2.1.1 recommends 78). */
    private static final int LINE = 76;

    /** One active key of the signing domain. */
    public record DomainKey(String selector, String algorithm, PrivateKey key) {
    }

    private DkimSigner() {
    }

    /**
     * The header fields to put in front of the message, each folded and CRLF-terminated. The caller has checked that
     * the message has a From field; {@code signHeaders} that are absent are left out of h=.
     */
    public static String sign(byte[] message, String domain, List<DomainKey> keys, List<String> signHeaders,
                              List<String> oversignHeaders, long epochSeconds) throws IOException, FailException {
        Message parsed = parse(message);
        try {
            String h = headerList(parsed, signHeaders, oversignHeaders);
            StringBuilder out = new StringBuilder();
            for (DomainKey k : keys) {
                // RFC 6376 section 3.5; t= lets receivers see how old a signature is.
                String template = "v=1; a=" + k.algorithm() + "; c=relaxed/relaxed; d=" + domain + "; s=" + k.selector()
                        + "; t=" + epochSeconds + "; h=" + h + "; bh=; b=;";
                String field = switch (k.algorithm()) {
                    case RSA_SHA256 -> rsa(parsed, template, k.key());
                    case ED25519_SHA256 -> ed25519(parsed, template, k.key());
                    default -> throw new PermFailException("unsupported DKIM algorithm " + k.algorithm());
                };
                out.append(fold(field)).append("\r\n");
            }
            return out.toString();
        } finally {
            parsed.dispose();
        }
    }

    /** The message as sent: the signature fields in front of the unchanged bytes. */
    public static byte[] prepend(String fields, byte[] message) {
        // Every tag of a DKIM-Signature is ASCII (d= is the From domain as found, which DNS needs as A-labels).
        byte[] head = fields.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + message.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(message, 0, out, head.length, message.length);
        return out;
    }

    private static Message parse(byte[] message) throws IOException, PermFailException {
        try {
            return new Message(new ByteArrayInputStream(message));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new PermFailException("message cannot be parsed: " + e.getMessage(), e);
        }
    }

    /** h=: every instance of each configured field present (From first), plus one more of each oversigned one. */
    static String headerList(Headers message, List<String> signHeaders, List<String> oversignHeaders) {
        Set<String> names = new LinkedHashSet<>();
        names.add("from");
        signHeaders.forEach(n -> names.add(n.trim().toLowerCase(Locale.ROOT)));
        Set<String> oversign = new LinkedHashSet<>();
        oversignHeaders.forEach(n -> oversign.add(n.trim().toLowerCase(Locale.ROOT)));
        names.addAll(oversign);
        List<String> h = new ArrayList<>();
        for (String name : names) {
            if (name.isEmpty()) {
                continue;
            }
            List<String> present = message.getFields(name);
            int n = present == null ? 0 : present.size();
            // Once more than present, absent ones too: nobody can add the field in transit (RFC 6376 section 8.15).
            if (oversign.contains(name)) {
                n++;
            }
            for (int i = 0; i < n; i++) {
                h.add(name);
            }
        }
        return String.join(":", h);
    }

    private static String rsa(Message parsed, String template, PrivateKey key) throws IOException, FailException {
        DKIMSigner signer = new DKIMSigner(template, key);
        BodyHasher body = signer.newBodyHasher(signer.newSignatureRecordTemplate(template));
        DKIMCommon.streamCopy(body(parsed), body.getOutputStream());
        return signer.sign(parsed, body);
    }

    private static String ed25519(Message parsed, String template, PrivateKey key) throws IOException, FailException {
        SignatureRecord record = new SignatureRecordTemplate(template);
        BodyHasherImpl body = new BodyHasherImpl(record);
        DKIMCommon.streamCopy(body(parsed), body.getOutputStream());
        record.setBodyHash(body.getDigest());
        try {
            Signature signature = new Ed25519Sha256();
            signature.initSign(key);
            HeaderHash.update(parsed, record, signature);
            record.setSignature(signature.sign());
        } catch (InvalidKeyException | SignatureException e) {
            throw new PermFailException("Ed25519 signing failed: " + e.getMessage(), e);
        }
        return "DKIM-Signature:" + record;
    }

    private static InputStream body(Message parsed) throws IOException {
        InputStream in = parsed.getBodyInputStream();
        if (in == null) {
            throw new IOException("message body cannot be read");
        }
        return in;
    }

    /**
     * Folds between tags and inside b= only: relaxed header canonicalization turns a fold after "; " back into the
     * "; " that was signed, and b='s value is ignored by verifiers (RFC 6376 section 3.5, 3.7); any other fold would
     * change what was signed.
     */
    static String fold(String field) {
        int colon = field.indexOf(':');
        String[] tags = field.substring(colon + 1).trim().split("; ");
        StringBuilder out = new StringBuilder(field.substring(0, colon + 1));
        int lineLength = out.length();
        for (int i = 0; i < tags.length; i++) {
            String tag = tags[i] + (i < tags.length - 1 ? ";" : "");
            if (lineLength + 1 + tag.length() > LINE && i > 0) {
                out.append("\r\n\t");
                lineLength = 1;
            } else {
                out.append(' ');
                lineLength++;
            }
            if (tag.startsWith("b=")) {
                for (int p = 0; p < tag.length(); p += LINE - 8) {
                    if (p > 0) {
                        out.append("\r\n\t");
                        lineLength = 1;
                    }
                    String piece = tag.substring(p, Math.min(tag.length(), p + LINE - 8));
                    out.append(piece);
                    lineLength += piece.length();
                }
            } else {
                out.append(tag);
                lineLength += tag.length();
            }
        }
        return out.toString();
    }

    /** jDKIM's header canonicalization is protected; this is the way in for a signature jDKIM does not know. */
    private static final class HeaderHash extends DKIMCommon {
        static void update(Headers message, SignatureRecord record, Signature signature) throws SignatureException, PermFailException {
            signatureCheck(message, record, record.getHeaders(), signature);
        }
    }
}
