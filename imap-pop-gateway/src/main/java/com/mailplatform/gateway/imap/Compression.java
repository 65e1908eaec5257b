package com.mailplatform.gateway.imap;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * COMPRESS=DEFLATE (RFC 4978) state of one connection: raw deflate (RFC 1951, no zlib header or checksum:
 * {@code nowrap}) in both directions. Input is inflated in chunks of at most {@link #CHUNK} octets, so the caller
 * decides how much decompressed data it takes at a time (a deflate bomb expands only as fast as commands are
 * framed, and the framer's line and literal limits see the decompressed stream). Not thread-safe: the
 * connection's event loop only. {@link #end()} frees the native zlib memory.
 */
final class Compression {

    static final int CHUNK = 16 * 1024;

    private final Inflater inflater = new Inflater(true);
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final byte[] buffer = new byte[CHUNK];
    /** Compressed input not yet consumed by the inflater (it keeps only a reference). */
    private byte[] input = new byte[0];

    /** Compressed bytes from the socket, queued behind whatever the inflater has not consumed yet. */
    void received(byte[] data) {
        int remaining = inflater.getRemaining();
        if (remaining > 0) {
            byte[] joined = Arrays.copyOfRange(input, input.length - remaining, input.length + data.length);
            System.arraycopy(data, 0, joined, remaining, data.length);
            input = joined;
        } else {
            input = data;
        }
        inflater.setInput(input);
    }

    /** Whether compressed input is waiting to be inflated. */
    boolean hasInput() {
        return inflater.getRemaining() > 0 && !inflater.finished();
    }

    /** The next at most {@link #CHUNK} decompressed octets, or null when the input received so far is used up. */
    byte[] inflate() throws DataFormatException {
        while (true) {
            if (inflater.finished()) {
                // section 4: the stream never ends while the connection lives; anything after an end is not ours
                if (inflater.getRemaining() > 0) {
                    throw new DataFormatException("data after the end of the deflate stream");
                }
                return null;
            }
            int before = inflater.getRemaining();
            int n = inflater.inflate(buffer);
            if (n > 0) {
                return Arrays.copyOf(buffer, n);
            }
            if (inflater.needsDictionary()) {
                throw new DataFormatException("preset dictionary");
            }
            if (inflater.needsInput() || inflater.getRemaining() == 0) {
                return null;
            }
            if (inflater.getRemaining() == before && !inflater.finished()) {
                // input left that yields nothing and is not consumed: never leave the socket paused on it
                throw new DataFormatException("no progress");
            }
            // an empty block (a flush marker) was consumed: go on with what follows
        }
    }

    /** Compresses without flushing: what comes out now (often nothing); {@link #flush()} ends the batch. */
    byte[] deflate(byte[] plain) {
        deflater.setInput(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!deflater.needsInput()) {
            int n = deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH);
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** SYNC_FLUSH (section 4): everything written so far becomes decodable by the client now. */
    byte[] flush() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        return out.toByteArray();
    }

    void end() {
        inflater.end();
        deflater.end();
    }
}
