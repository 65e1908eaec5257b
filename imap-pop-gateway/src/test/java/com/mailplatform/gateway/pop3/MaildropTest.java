package com.mailplatform.gateway.pop3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaildropTest {

    private final Maildrop md = new Maildrop("a@example.org", 1, 0x5F3A1B2CL,
            List.of(new Maildrop.Message(1, 100), new Maildrop.Message(7, 250), new Maildrop.Message(0x1234ABCDL, 50)));

    @Test
    void countsAndRefusals() {
        assertEquals(3, md.liveCount());
        assertEquals(400, md.liveOctets());
        assertEquals(Maildrop.NO_SUCH_MESSAGE, md.refusal(0));
        assertEquals(Maildrop.NO_SUCH_MESSAGE, md.refusal(4));
        assertEquals(Maildrop.NO_SUCH_MESSAGE, md.refusal(Integer.MAX_VALUE));
        assertNull(md.refusal(2));
        md.delete(2);
        assertEquals(Maildrop.MESSAGE_DELETED, md.refusal(2));
        assertEquals(2, md.liveCount());
        assertEquals(150, md.liveOctets());
        // numbers do not shift after a deletion (RFC 1939 section 5)
        assertEquals(0x1234ABCDL, md.get(3).uid());
        assertEquals(List.of(7L), md.deletedUids());
        md.undeleteAll();
        assertEquals(3, md.liveCount());
        assertEquals(List.of(), md.deletedUids());
    }

    @Test
    void uidlIsUidThenUidvalidityInHex() {
        assertEquals("000000015F3A1B2C", md.uidl(1));
        assertEquals("000000075F3A1B2C", md.uidl(2));
        assertEquals("1234ABCD5F3A1B2C", md.uidl(3));
    }
}
