package com.mailplatform.smtp.milter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames the byte stream from a milter into packets. Bytes may arrive in any split; a length of 0 or above
 * {@link MilterProtocol#MAX_PACKET} is a protocol error (we never buffer what a hostile peer announces).
 */
public final class MilterDecoder {

    private byte[] buf = new byte[0];
    private int len;

    public List<MilterPacket> feed(byte[] bytes) {
        if (len + bytes.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + bytes.length, buf.length * 2));
        }
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        List<MilterPacket> out = new ArrayList<>();
        int pos = 0;
        while (len - pos >= 4) {
            long size = ((buf[pos] & 0xffL) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                    | (buf[pos + 3] & 0xff);
            if (size < 1 || size > MilterProtocol.MAX_PACKET) {
                throw new MilterProtocolException("bad packet length " + size);
            }
            if (len - pos - 4 < size) {
                break;
            }
            char code = (char) (buf[pos + 4] & 0xff);
            out.add(new MilterPacket(code, Arrays.copyOfRange(buf, pos + 5, pos + 4 + (int) size)));
            pos += 4 + (int) size;
        }
        System.arraycopy(buf, pos, buf, 0, len - pos);
        len -= pos;
        return out;
    }

    /** Bytes of an incomplete packet still waiting for the rest. */
    public int pending() {
        return len;
    }
}
