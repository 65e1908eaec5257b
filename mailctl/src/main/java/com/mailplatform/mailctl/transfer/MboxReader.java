package com.mailplatform.mailctl.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads an mbox one message at a time (never the whole file). A message starts at a "From " line at the start of
 * the file or after an empty line; the empty line before the next "From " line is the separator, not message
 * content. mboxrd (RFC 4155 with the "&gt;From " quoting of every "&gt;*From " line) takes one '&gt;' off
 * "&gt;+From " lines; mboxo (Postfix local, the seed's layout) quoted only "From " lines, so only "&gt;From " is
 * unquoted. A message over the size limit or with an over-long line is reported and skipped up to the next
 * "From " line; garbage before the first "From " line is reported once.
 */
public final class MboxReader implements Iterator<SourceMessage> {

    public enum Variant { MBOXRD, MBOXO }

    private final InputStream in;
    private final String name;
    private final Variant variant;
    private final ZoneId zone;
    private final Limits limits;
    private final byte[] buf = new byte[65536];
    private int pos;
    private int len;
    private boolean eof;
    private long lineNo;
    /** A "From " line already read that starts the next message. */
    private String pendingFrom;
    private long pendingLine;
    private SourceMessage next;
    private boolean started;

    public MboxReader(InputStream in, String name, Variant variant, ZoneId zone, Limits limits) {
        this.in = in;
        this.name = name;
        this.variant = variant;
        this.zone = zone;
        this.limits = limits;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return next != null;
    }

    @Override
    public SourceMessage next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceMessage m = next;
        next = null;
        return m;
    }

    private SourceMessage read() throws IOException {
        while (true) {
            if (!started) {
                started = true;
                SourceMessage garbage = skipToFirstFrom();
                if (garbage != null) {
                    return garbage;
                }
            }
            if (pendingFrom == null) {
                return null;
            }
            String from = pendingFrom;
            long firstLine = pendingLine;
            pendingFrom = null;
            SourceMessage m = readMessage(from, firstLine);
            if (m != null) {
                return m;
            }
        }
    }

    /** Reads up to the first "From " line; anything else before it is one error. */
    private SourceMessage skipToFirstFrom() throws IOException {
        boolean garbage = false;
        Line line;
        while ((line = readLine()) != null) {
            if (line.overLong || !line.startsWith("From ")) {
                garbage |= line.length > 0 && !(line.length == 1 && line.data[0] == '\n');
                continue;
            }
            pendingFrom = line.text();
            pendingLine = lineNo;
            break;
        }
        if (garbage) {
            return SourceMessage.bad(name + ":1", "not an mbox here: no \"From \" line before line " + (pendingFrom == null ? lineNo : pendingLine));
        }
        return null;
    }

    /** The message after {@code fromLine}, up to the next "From " line (left in pendingFrom); null for a pseudo message. */
    private SourceMessage readMessage(String fromLine, long firstLine) throws IOException {
        String origin = name + ":" + firstLine;
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        String error = null;
        boolean previousEmpty = false;
        Line line;
        while ((line = readLine()) != null) {
            if (previousEmpty && !line.overLong && line.startsWith("From ")) {
                pendingFrom = line.text();
                pendingLine = lineNo;
                break;
            }
            previousEmpty = line.length == 1 && line.data[0] == '\n' || line.length == 2 && line.data[0] == '\r' && line.data[1] == '\n';
            if (error != null) {
                continue;
            }
            if (line.overLong) {
                error = "line " + lineNo + " longer than " + limits.maxLineBytes() + " bytes";
                continue;
            }
            int skip = quoted(line) ? 1 : 0;
            if (body.size() + line.length - skip > limits.maxMessageBytes()) {
                error = "larger than " + limits.maxMessageBytes() + " bytes";
                continue;
            }
            body.write(line.data, skip, line.length - skip);
        }
        if (error != null) {
            return SourceMessage.bad(origin, error);
        }
        byte[] raw = body.toByteArray();
        // the empty line before the next "From " (or at the end of the file) separates; it is not content
        int end = raw.length;
        if (end >= 2 && raw[end - 1] == '\n' && raw[end - 2] == '\n') {
            end -= 1;
        } else if (end >= 4 && raw[end - 1] == '\n' && raw[end - 2] == '\r' && raw[end - 3] == '\n' && raw[end - 4] == '\r') {
            end -= 2;
        }
        if (end == 0) {
            return SourceMessage.bad(origin, "empty message");
        }
        MboxStatus.Stripped s = MboxStatus.strip(java.util.Arrays.copyOf(raw, end));
        if (s.pseudo()) {
            return null;
        }
        Set<String> flags = new LinkedHashSet<>(s.flags());
        return new SourceMessage(LineEnds.toCrlf(s.content()), flags, MboxDate.parse(fromLine, zone), origin, null);
    }

    private boolean quoted(Line line) {
        int i = 0;
        while (i < line.length && line.data[i] == '>') {
            i++;
        }
        if (i == 0 || (variant == Variant.MBOXO && i != 1)) {
            return false;
        }
        return line.length - i >= 5 && line.data[i] == 'F' && line.data[i + 1] == 'r' && line.data[i + 2] == 'o' && line.data[i + 3] == 'm'
                && line.data[i + 4] == ' ';
    }

    /** One line with its LF (none on the file's last line); over-long lines are consumed and marked, not kept. */
    private static final class Line {
        byte[] data;
        int length;
        boolean overLong;

        boolean startsWith(String s) {
            if (length < s.length()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (data[i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        String text() {
            return new String(data, 0, length, StandardCharsets.ISO_8859_1).strip();
        }
    }

    private final Line current = new Line();
    private byte[] lineBuf = new byte[1024];

    private Line readLine() throws IOException {
        int n = 0;
        boolean over = false;
        boolean any = false;
        while (true) {
            if (pos == len) {
                if (eof || fill() <= 0) {
                    break;
                }
            }
            any = true;
            byte b = buf[pos++];
            if (!over && n >= limits.maxLineBytes()) {
                over = true; // read on to the LF, keeping nothing more
            }
            if (!over) {
                if (n == lineBuf.length) {
                    lineBuf = java.util.Arrays.copyOf(lineBuf, Math.min(limits.maxLineBytes() + 1, n * 2));
                }
                lineBuf[n++] = b;
            }
            if (b == '\n') {
                break;
            }
        }
        if (!any) {
            return null;
        }
        lineNo++;
        current.data = lineBuf;
        current.length = n;
        current.overLong = over;
        return current;
    }

    private int fill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        if (r < 0) {
            eof = true;
            return -1;
        }
        pos = 0;
        len = r;
        return r;
    }
}
