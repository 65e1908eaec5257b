package com.mailplatform.smtp.parse;

import java.io.ByteArrayOutputStream;

/**
 * What DATA and BDAT both produce: the message bytes, or the first error as a complete SMTP reply. Once an error
 * is set nothing more is kept, so a refused message costs no memory while the rest of it is read.
 */
public abstract class MessageReader {

    public static final String TOO_BIG = "552 5.3.4 Error: message file too big";
    public static final String BARE_NEWLINE = "554 5.6.0 Error: bare <CR> or <LF> received (RFC 5321 section 2.3.8)";
    public static final String LINE_TOO_LONG = "500 5.5.6 Error: text line longer than 1000 octets (RFC 5321 section 4.5.3.1.6)";

    protected final long limit;
    protected final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    protected long size;
    private String error;

    protected MessageReader(long limit) {
        this.limit = limit;
    }

    /** The first error, as a complete SMTP reply, or null when the message may be queued. */
    public String error() {
        return error;
    }

    public byte[] content() {
        return out.toByteArray();
    }

    public long size() {
        return size;
    }

    protected void fail(String reply) {
        if (error == null) {
            error = reply;
            out.reset();
        }
    }
}
