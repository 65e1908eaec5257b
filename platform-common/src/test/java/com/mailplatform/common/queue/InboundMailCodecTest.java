package com.mailplatform.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InboundMailCodecTest {

    @Test
    void roundTripsWithDsnFields() {
        InboundMail m = new InboundMail(1, "Q1", "a@b.test", List.of("c@d.test"), "blob", 10, 5, "127.0.0.1", "h", "u",
                "HDRS", "env-1", List.of(new InboundMail.RecipientDsn("c@d.test", "SUCCESS,FAILURE", "rfc822;c@d.test")),
                true, "8BITMIME", "virus found", "Junk");
        assertEquals(m, InboundMailCodec.decode(InboundMailCodec.encode(m)));
        assertEquals("SUCCESS,FAILURE", m.dsnOf("C@d.test").notifyOn());
    }

    @Test
    void readsSkeletonMessagesWithoutTheNewFields() {
        String old = "{\"version\":1,\"queueId\":\"Q\",\"mailFrom\":\"\",\"recipients\":[\"x@y.test\"],\"blobId\":\"b\","
                + "\"size\":3,\"receivedAtMillis\":1,\"clientAddress\":\"::1\",\"heloName\":\"h\",\"authUser\":null,\"future\":1}";
        InboundMail m = InboundMailCodec.decode(old);
        assertEquals("Q", m.queueId());
        assertNull(m.ret());
        assertNull(m.dsnOf("x@y.test"));
        assertFalse(m.smtputf8(), "queued before the flag existed: only the envelope decides");
    }

    /**
     * Issue 14: the client's SMTPUTF8 travels as the field {@code smtputf8}; delivery-service needs it for an ASCII
     * envelope with UTF-8 header fields (RFC 6531 section 3.4). The wire name is pinned, since messages encoded by one
     * version are decoded by another.
     */
    @Test
    void theSmtputf8FlagTravelsUnderItsWireName() {
        InboundMail m = new InboundMail(1, "Q2", "a@b.test", List.of("c@d.test"), "blob", 10, 5, "127.0.0.1", "h", null,
                null, null, null, true, null, null, null);
        String json = InboundMailCodec.encode(m);
        assertTrue(json.contains("\"smtputf8\":true"), json);
        assertTrue(InboundMailCodec.decode(json).smtputf8());
        assertFalse(InboundMailCodec.decode(json.replace("\"smtputf8\":true", "\"smtputf8\":false")).smtputf8());
    }

    @Test
    void garbageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> InboundMailCodec.decode("{not json"));
    }
}
