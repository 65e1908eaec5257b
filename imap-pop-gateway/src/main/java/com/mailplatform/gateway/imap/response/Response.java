package com.mailplatform.gateway.imap.response;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds one response that may contain literals (FETCH body data); text is UTF-8, literals are raw octets. */
public final class Response {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    public Response text(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Response literal(byte[] data) {
        text("{" + data.length + "}\r\n");
        out.writeBytes(data);
        return this;
    }

    /** BINARY: decoded content as literal8 ("~{n}", RFC 3516 section 4.2) when it holds a NUL, else a plain literal. */
    public Response binaryLiteral(byte[] data) {
        for (byte b : data) {
            if (b == 0) {
                text("~");
                break;
            }
        }
        return literal(data);
    }

    public Response crlf() {
        return text("\r\n");
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public int size() {
        return out.size();
    }
}
