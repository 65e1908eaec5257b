package com.mailplatform.smtp.milter;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One milter packet: a 4-byte big-endian length (code included), a one-byte code, the payload. Builders for the
 * packets we send and readers for the payloads we receive; no I/O here.
 */
public record MilterPacket(char code, byte[] payload) {

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(5 + payload.length);
        b.putInt(payload.length + 1).put((byte) code).put(payload);
        return b.array();
    }

    public static MilterPacket of(char code) {
        return new MilterPacket(code, new byte[0]);
    }

    /** NUL-terminated strings, the milter way. */
    public static MilterPacket strings(char code, String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String v : values) {
            out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return new MilterPacket(code, out.toByteArray());
    }

    public static MilterPacket optneg(int version, int actions, int protocol) {
        return new MilterPacket(MilterProtocol.OPTNEG,
                ByteBuffer.allocate(12).putInt(version).putInt(actions).putInt(protocol).array());
    }

    /** SMFIC_MACRO: the stage's command code, then name/value pairs. */
    public static MilterPacket macros(char stage, Map<String, String> macros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(stage);
        macros.forEach((k, v) -> {
            if (v != null) {
                out.writeBytes(k.getBytes(StandardCharsets.UTF_8));
                out.write(0);
                out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
                out.write(0);
            }
        });
        return new MilterPacket(MilterProtocol.MACRO, out.toByteArray());
    }

    /** SMFIC_CONNECT: host name, family ('4', '6' or 'U' unknown), port, address. */
    public static MilterPacket connect(String hostname, String address, int port) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(hostname.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        if (address == null) {
            out.write('U');
        } else {
            out.write(address.contains(":") ? '6' : '4');
            out.write((port >> 8) & 0xff);
            out.write(port & 0xff);
            out.writeBytes(address.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }
        return new MilterPacket(MilterProtocol.CONNECT, out.toByteArray());
    }

    public int intAt(int offset) {
        if (payload.length < offset + 4) {
            throw new MilterProtocolException("packet '" + code + "' too short");
        }
        return ByteBuffer.wrap(payload, offset, 4).getInt();
    }

    /** The NUL-terminated strings of the payload from {@code offset}; a missing final NUL is a protocol error. */
    public List<String> stringsFrom(int offset) {
        List<String> out = new ArrayList<>();
        int start = offset;
        for (int i = offset; i < payload.length; i++) {
            if (payload[i] == 0) {
                out.add(new String(payload, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != payload.length) {
            throw new MilterProtocolException("packet '" + code + "' has an unterminated string");
        }
        return out;
    }

    /** The first {@code n} strings; fewer is a protocol error. */
    public List<String> requireStrings(int offset, int n) {
        List<String> s = stringsFrom(offset);
        if (s.size() < n) {
            throw new MilterProtocolException("packet '" + code + "' needs " + n + " strings");
        }
        return s;
    }
}
