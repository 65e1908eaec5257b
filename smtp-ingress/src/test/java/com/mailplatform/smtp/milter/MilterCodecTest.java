package com.mailplatform.smtp.milter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.smtp.filter.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MilterCodecTest {

    @Test
    void framesPacketsSplitAnywhere() {
        byte[] a = MilterPacket.strings(MilterProtocol.ADDHEADER, "X-Spam", "yes").encode();
        byte[] b = MilterPacket.of(MilterProtocol.CONTINUE).encode();
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        for (int split = 0; split <= all.length; split++) {
            MilterDecoder d = new MilterDecoder();
            List<MilterPacket> out = new java.util.ArrayList<>(d.feed(java.util.Arrays.copyOf(all, split)));
            out.addAll(d.feed(java.util.Arrays.copyOfRange(all, split, all.length)));
            assertEquals(2, out.size(), "split at " + split);
            assertEquals(List.of("X-Spam", "yes"), out.get(0).stringsFrom(0));
            assertEquals(MilterProtocol.CONTINUE, out.get(1).code());
            assertEquals(0, d.pending());
        }
    }

    @Test
    void encodesLengthCodeAndPayload() {
        assertArrayEquals(new byte[] {0, 0, 0, 13, 'O', 0, 0, 0, 6, 0, 0, 1, (byte) 0xbf, 0, 0, 0, 1},
                MilterPacket.optneg(6, MilterProtocol.ACTIONS, 1).encode());
        byte[] c = MilterPacket.connect("[192.0.2.1]", "192.0.2.1", 25).payload();
        assertEquals("[192.0.2.1]\u00004\u0000\u0019192.0.2.1\u0000", new String(c, StandardCharsets.ISO_8859_1));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("{client_addr}", "192.0.2.1");
        m.put("{auth_authen}", null);
        m.put("i", "Q1");
        assertEquals("C{client_addr}\u0000192.0.2.1\u0000i\u0000Q1\u0000",
                new String(MilterPacket.macros('C', m).payload(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void refusesHostileLengths() {
        assertThrows(MilterProtocolException.class, () -> new MilterDecoder().feed(new byte[] {0, 0, 0, 0, 'c'}));
        assertThrows(MilterProtocolException.class, () -> new MilterDecoder().feed(new byte[] {(byte) 0xff, 0, 0, 0}));
        assertThrows(MilterProtocolException.class, () -> new MilterDecoder().feed(new byte[] {0, 0x20, 0, 1}));
        // A short packet only waits for the rest, without buffering what it announces.
        MilterDecoder d = new MilterDecoder();
        assertTrue(d.feed(new byte[] {0, 0x0f, 0, 0, 'b'}).isEmpty());
        assertEquals(5, d.pending());
    }

    @Test
    void refusesShortAndUnterminatedPayloads() {
        MilterPacket shortInt = new MilterPacket(MilterProtocol.INSHEADER, new byte[] {0, 1});
        assertThrows(MilterProtocolException.class, () -> shortInt.intAt(0));
        MilterPacket unterminated = new MilterPacket(MilterProtocol.ADDHEADER, "X-A\u0000b".getBytes(StandardCharsets.US_ASCII));
        assertThrows(MilterProtocolException.class, () -> unterminated.stringsFrom(0));
        MilterPacket oneString = MilterPacket.strings(MilterProtocol.ADDHEADER, "X-A");
        assertThrows(MilterProtocolException.class, () -> oneString.requireStrings(0, 2));
    }

    @Test
    void mapsDecisionsAndRefusesUnknownCodes() {
        assertEquals(Verdict.reject("550 5.7.1 Command rejected"),
                MilterConversation.decision(MilterPacket.of(MilterProtocol.REJECT)));
        assertEquals(Verdict.tempfail("451 4.7.1 Service unavailable - try again later"),
                MilterConversation.decision(MilterPacket.of(MilterProtocol.TEMPFAIL)));
        assertEquals(Verdict.Action.DISCARD, MilterConversation.decision(MilterPacket.of(MilterProtocol.DISCARD)).action());
        assertEquals(Verdict.reject("554 5.7.1 Gtube pattern"), MilterConversation.decision(
                MilterPacket.strings(MilterProtocol.REPLYCODE, "554 5.7.1 Gtube pattern")));
        assertEquals(Verdict.tempfail("452-4.3.1 one\r\n452 4.3.1 two"),
                MilterConversation.replyCode("452-4.3.1 one\n452 4.3.1 two"));
        assertThrows(MilterProtocolException.class, () -> MilterConversation.decision(MilterPacket.of('Z')));
        assertThrows(MilterProtocolException.class, () -> MilterConversation.replyCode("250 ok"));
        assertThrows(MilterProtocolException.class, () -> MilterConversation.replyCode("55"));
        assertThrows(MilterProtocolException.class, () -> MilterConversation.replyCode("550x"));
        // Found by MilterFuzzTest: a later line with another code would be read by the client as the reply.
        assertThrows(MilterProtocolException.class, () -> MilterConversation.replyCode("550-5.7.1 no\r\n250 2.0.0 Ok"));
        assertThrows(MilterProtocolException.class, () -> MilterConversation.replyCode("550 5.7.1 no\r\n550 again"));
        assertThrows(MilterProtocolException.class, () -> MilterConversation.replyCode("451-4.7.1 a\r\n451-b"));
    }

    @Test
    void parsesMilterAddresses() {
        assertEquals(new MilterAddress("127.0.0.1", 11332), MilterAddress.parse("inet:127.0.0.1:11332"));
        assertEquals(new MilterAddress("::1", 8891), MilterAddress.parse(" inet:[::1]:8891 "));
        assertThrows(IllegalArgumentException.class, () -> MilterAddress.parse("unix:/run/milter.sock"));
        assertThrows(IllegalArgumentException.class, () -> MilterAddress.parse("inet:host"));
        assertThrows(IllegalArgumentException.class, () -> MilterAddress.parse("inet:host:99999"));
        assertThrows(IllegalArgumentException.class, () -> MilterAddress.parse("inet::25"));
        assertThrows(IllegalArgumentException.class, () -> MilterFilter.defaultVerdict("bounce"));
    }
}
