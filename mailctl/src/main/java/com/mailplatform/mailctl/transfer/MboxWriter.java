package com.mailplatform.mailctl.transfer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Writes mboxrd (RFC 4155 plus "&gt;From " quoting of every "&gt;*From " line, so reading it back restores every
 * line): a "From " line with the Return-Path sender (MAILER-DAEMON without one) and INTERNALDATE in asctime form,
 * the message with LF line ends and the status headers of its flags ({@link MboxStatus}) at the end of its header,
 * and an empty separator line.
 */
public final class MboxWriter {

    private final OutputStream out;

    public MboxWriter(OutputStream out) {
        this.out = out;
    }

    public void write(byte[] crlfMessage, Set<String> flags, long internalDateMillis) throws IOException {
        int headerEnd = HeaderBlock.end(crlfMessage);
        out.write(("From " + sender(crlfMessage, headerEnd) + " " + MboxDate.format(internalDateMillis) + "\n").getBytes(StandardCharsets.US_ASCII));
        writeQuoted(crlfMessage, 0, headerEnd);
        out.write(MboxStatus.headers(flags).getBytes(StandardCharsets.US_ASCII));
        writeQuoted(crlfMessage, headerEnd, crlfMessage.length);
        if (crlfMessage.length > 0 && crlfMessage[crlfMessage.length - 1] != '\n') {
            out.write('\n');
        }
        out.write('\n');
    }

    private void writeQuoted(byte[] m, int from, int to) throws IOException {
        int line = from;
        while (line < to) {
            int nl = HeaderBlock.indexOf(m, (byte) '\n', line);
            int next = nl < 0 || nl >= to ? to : nl + 1;
            int i = line;
            while (i < next && m[i] == '>') {
                i++;
            }
            if (next - i >= 5 && m[i] == 'F' && m[i + 1] == 'r' && m[i + 2] == 'o' && m[i + 3] == 'm' && m[i + 4] == ' ') {
                out.write('>');
            }
            LineEnds.writeLf(m, line, next, out);
            line = next;
        }
    }

    /** The Return-Path address (RFC 5321 section 4.4), else MAILER-DAEMON as Dovecot writes for none. */
    static String sender(byte[] m, int headerEnd) {
        String header = new String(m, 0, headerEnd, StandardCharsets.ISO_8859_1);
        for (String line : header.split("\r?\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("return-path:")) {
                String v = line.substring("return-path:".length()).trim().replace("<", "").replace(">", "").trim();
                if (!v.isEmpty() && v.chars().noneMatch(c -> c <= ' ' || c >= 0x7f)) {
                    return v;
                }
            }
        }
        return "MAILER-DAEMON";
    }
}
