package com.mailplatform.store.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.CharsetUtil;
import org.jsoup.Jsoup;

/**
 * What SEARCH BODY and TEXT look in (RFC 9051 section 6.4.4: case-insensitive substring of the body, or of header
 * and body): the header with folding removed and RFC 2047 words decoded, and the body as a reader sees it. Every
 * text/* part is decoded from its transfer encoding and charset, HTML reduced to its text, the headers and parts
 * of attached messages (message/rfc822) included, and of other attachments their file names.
 * <p>
 * Both are folded to lower case here ({@link Locale#ROOT}), as the needle is, so that PostgreSQL's plain LIKE and
 * Java's {@code contains} decide alike. Bounded for hostile mail: at most {@code maxChars} of each, at most
 * {@link #MAX_DEPTH} nested entities (each level of nesting makes Mime4j's boundary scan slower), and a message
 * Mime4j cannot parse falls back to its raw bytes as UTF-8, which is what the search matched before.
 */
public record MessageText(String header, String body) {

    /** Nested multiparts and messages followed; deeper ones end the extraction (what was found is kept). */
    static final int MAX_DEPTH = 32;

    /** Never fails. Call from a worker thread: it parses and decodes the whole message. */
    public static MessageText safeOf(byte[] raw, int maxChars) {
        int max = Math.max(0, maxChars);
        String header;
        try {
            header = headerText(raw, max);
        } catch (RuntimeException e) {
            header = "";
        }
        try {
            return new MessageText(header, bodyText(raw, max));
        } catch (RuntimeException | StackOverflowError | IOException e) {
            int end = MimeParsing.headerEnd(raw);
            return new MessageText(header, fold(new String(raw, end, raw.length - end, StandardCharsets.UTF_8), max));
        }
    }

    /** "name: decoded value" per field (and the raw line too when decoding changed it), one a line. */
    static String headerText(byte[] raw, int max) {
        String header = new String(raw, 0, MimeParsing.headerEnd(raw), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        for (String line : header.replaceAll("\r?\n[ \t]", " ").split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String decoded = line.substring(0, colon).trim() + ": "
                    + DecoderUtil.decodeEncodedWords(line.substring(colon + 1).trim(), DecodeMonitor.SILENT);
            out.append(decoded).append('\n');
            if (!decoded.equals(line)) {
                out.append(line).append('\n');
            }
            if (out.length() >= max) {
                break;
            }
        }
        return fold(out.toString(), max);
    }

    static String bodyText(byte[] raw, int max) throws IOException {
        Collector collector = new Collector(max);
        MimeStreamParser parser = new MimeStreamParser(MimeParsing.CONFIG, DecodeMonitor.SILENT, new DefaultBodyDescriptorBuilder());
        parser.setContentDecoding(true);
        parser.setContentHandler(collector);
        try {
            parser.parse(new ByteArrayInputStream(raw));
        } catch (MimeException stopped) {
            // a limit was reached (or the structure is beyond repair): what was collected so far is the text
        }
        return fold(collector.out.toString(), max);
    }

    static String fold(String s, int max) {
        String cut = s.length() > max ? s.substring(0, max) : s;
        // PostgreSQL's text type cannot hold NUL
        return cut.replace('\0', ' ').toLowerCase(Locale.ROOT);
    }

    /** Streams the message through Mime4j; an entity stack tells an attached message's header from a part's. */
    private static final class Collector extends AbstractContentHandler {

        private final StringBuilder out = new StringBuilder();
        private final int max;
        /** true = a message, false = a body part; the top-level message is the bottom. */
        private final Deque<Boolean> entities = new ArrayDeque<>();
        private boolean nestedHeader;

        Collector(int max) {
            this.max = max;
        }

        private void enter(boolean message) throws MimeException {
            entities.push(message);
            if (entities.size() > MAX_DEPTH) {
                throw new MimeException("nested too deeply");
            }
        }

        @Override
        public void startMessage() throws MimeException {
            enter(true);
        }

        @Override
        public void endMessage() {
            entities.poll();
        }

        @Override
        public void startBodyPart() throws MimeException {
            enter(false);
        }

        @Override
        public void endBodyPart() {
            entities.poll();
        }

        @Override
        public void startHeader() {
            // the top-level header is searched from the raw bytes (headerText); an attached message's is body text
            nestedHeader = entities.size() > 1 && Boolean.TRUE.equals(entities.peek());
        }

        @Override
        public void field(Field field) throws MimeException {
            if (nestedHeader) {
                append(field.getName() + ": " + DecoderUtil.decodeEncodedWords(MimeParsing.unfold(field.getBody()), DecodeMonitor.SILENT));
            }
        }

        @Override
        public void endHeader() {
            nestedHeader = false;
        }

        @Override
        public void body(BodyDescriptor bd, InputStream in) throws MimeException, IOException {
            if (bd instanceof MaximalBodyDescriptor d) {
                String name = d.getContentDispositionFilename();
                Map<String, String> params = d.getContentTypeParameters();
                if (name == null && params != null) {
                    name = params.get("name");
                }
                if (name != null) {
                    append(DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT));
                }
            }
            String type = bd.getMimeType() == null ? "text/plain" : bd.getMimeType().toLowerCase(Locale.ROOT);
            if (type.startsWith("text/")) {
                boolean html = type.equals("text/html");
                // markup takes room: read more of an HTML part than the text it may add
                int budget = html ? (int) Math.min(Integer.MAX_VALUE - 16L, 2L * remaining() + 4096) : remaining();
                String text = read(in, charset(bd.getCharset()), budget);
                append(html ? htmlText(text) : text);
            }
            if (remaining() <= 0) {
                throw new MimeException("text limit reached");
            }
        }

        private int remaining() {
            return max - out.length();
        }

        private void append(String s) {
            int room = remaining();
            if (room > 0) {
                out.append(s, 0, Math.min(s.length(), room)).append('\n');
            }
        }
    }

    /** The declared charset; US-ASCII is read as UTF-8 (its superset: mislabeled 8-bit text stays readable), unknown ones too. */
    static Charset charset(String name) {
        Charset cs = name == null ? null : CharsetUtil.lookup(name);
        return cs == null || cs.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : cs;
    }

    private static String read(InputStream in, Charset cs, int budget) throws IOException {
        Reader reader = new InputStreamReader(in, cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while (sb.length() < budget && (n = reader.read(buf, 0, Math.min(buf.length, budget - sb.length()))) > 0) {
            sb.append(buf, 0, n);
        }
        return sb.toString();
    }

    /**
     * The text a reader sees (scripts and styles left out); malformed HTML is what jsoup is made for. A no-break
     * space (&amp;nbsp;) is a space to someone searching.
     */
    static String htmlText(String html) {
        try {
            return Jsoup.parse(html).text().replace('\u00a0', ' ');
        } catch (RuntimeException e) {
            return html;
        }
    }
}
