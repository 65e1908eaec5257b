package com.mailplatform.smtp.parse;

/**
 * The chunks of BDAT (RFC 3030 section 2) as one message: no dot-stuffing, but the same rules as DATA for what
 * the bytes may hold (only CRLF line ends, lines of at most 1000 octets, the size limit), checked across chunk
 * boundaries, so both ways of sending a message are judged alike.
 */
public final class BdatReader extends MessageReader {

    private int lineLength;
    private boolean pendingCr;
    private boolean refused;

    public BdatReader(long limit) {
        super(limit);
    }

    public void feed(byte[] chunk) {
        size += chunk.length;
        if (size > limit) {
            fail(TOO_BIG);
        }
        for (byte b : chunk) {
            if (pendingCr && b != '\n') {
                fail(BARE_NEWLINE);
            }
            if (b == '\n' && !pendingCr) {
                fail(BARE_NEWLINE);
            }
            pendingCr = b == '\r';
            lineLength = b == '\n' ? 0 : lineLength + 1;
            if (lineLength > 998) {
                fail(LINE_TOO_LONG);
            }
        }
        if (error() == null) {
            out.write(chunk, 0, chunk.length);
        }
    }

    /** The transaction is refused before any byte: the chunk is read and dropped, then {@code reply} is given. */
    public void refuse(String reply) {
        fail(reply);
        refused = true;
    }

    public boolean refused() {
        return refused;
    }

    /** Called after the LAST chunk: a message that ends inside a CRLF pair is malformed too. */
    public void finish() {
        if (pendingCr) {
            fail(BARE_NEWLINE);
        }
    }

}
