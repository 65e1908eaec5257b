package com.mailplatform.common.queue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON form of {@link InboundMail} on the wire; both ends use this one codec. */
public final class InboundMailCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private InboundMailCodec() {
    }

    public static String encode(InboundMail mail) {
        try {
            return MAPPER.writeValueAsString(mail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static InboundMail decode(String json) {
        try {
            return MAPPER.readValue(json, InboundMail.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an InboundMail: " + e.getMessage(), e);
        }
    }
}
