package com.mailplatform.smtp.parse;

/**
 * The DATA phase as a pure function of lines (RFC 5321 section 4.1.1.4 and 4.5.2): dot-unstuffing, the end
 * marker, the size limit and the SMTP-smuggling defence. Only CRLF "." CRLF ends the data: a "." line reached
 * through a bare LF does not, and any bare CR or LF fails the message (section 2.3.8), so no other MTA can read
 * a different message boundary out of the same bytes.
 */
public final class DataReader extends MessageReader {

    private boolean previousEndedInCrlf = true;

    public DataReader(long limit) {
        super(limit);
    }

    /** Feeds one line (without its terminator); returns true when it was the end marker. */
    public boolean line(byte[] line, boolean crlf) {
        boolean endMarker = line.length == 1 && line[0] == '.' && crlf && previousEndedInCrlf;
        if (endMarker) {
            return true;
        }
        previousEndedInCrlf = crlf;
        if (!crlf || indexOf(line, (byte) '\r') >= 0) {
            fail(BARE_NEWLINE);
        }
        int skip = line.length > 0 && line[0] == '.' ? 1 : 0;
        size += line.length - skip + 2;
        if (size > limit) {
            fail(TOO_BIG);
        }
        if (error() == null) {
            out.write(line, skip, line.length - skip);
            out.write('\r');
            out.write('\n');
        }
        return false;
    }

    /** A line over the limit was dropped by the framer. */
    public void overflow() {
        fail(LINE_TOO_LONG);
        previousEndedInCrlf = true;
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
