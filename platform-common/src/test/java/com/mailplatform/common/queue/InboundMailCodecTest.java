package com.mailplatform.common.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    }

    @Test
    void garbageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> InboundMailCodec.decode("{not json"));
    }
}
