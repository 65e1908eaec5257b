package com.mailplatform.smtp.parse;

/**
 * The DATA phase as a pure function of lines (RFC 5321 section 4.1.1.4 and 4.5.2): dot-unstuffing, the end
 * marker, the size limit and the SMTP-smuggling defence. Only CRLF "." CRLF ends the data: a "." line reached
 * through a bare LF does not, and any bare CR or LF fails the message (section 2.3.8), so no other MTA can read
 * a different message boundary out of the same bytes.
 */
public final class DataReader extends MessageReader {

    private static final String DISCARDED = "554 5.5.1 Error: message body discarded after a refused DATA";

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

    /**
     * A line over the limit was dropped by the framer; {@code crlf} is how it ended. Only a CRLF end lets the
     * next line be the end marker: an over-long line ended by a bare LF and followed by ".CRLF" is the SMTP
     * smuggling sequence, and it must not end the data.
     */
    public void overflow(boolean crlf) {
        fail(LINE_TOO_LONG);
        previousEndedInCrlf = crlf;
    }

    /**
     * A reader for a body nobody asked for: DATA was refused but the client had already pipelined the message
     * behind it (RFC 2920 section 3.1 forbids that). The lines are read to the end marker and dropped, so no body
     * line is ever taken for a command.
     */
    public static DataReader discarding() {
        DataReader r = new DataReader(0);
        r.fail(DISCARDED);
        return r;
    }

    public boolean discarded() {
        return DISCARDED.equals(error());
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
