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
