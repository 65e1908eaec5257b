package com.mailplatform.common.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The one resolver factory: server specs, and the retry after 1 s that makes a lost datagram cheap. */
class DnsResolversTest {

    @Test
    void serverAddresses() {
        assertEquals(5353, DnsResolvers.address("127.0.0.1:5353").getPort());
        assertEquals(53, DnsResolvers.address("127.0.0.1").getPort());
        assertEquals(53, DnsResolvers.address(" 127.0.0.1 ").getPort());
        assertEquals(5300, DnsResolvers.address("[::1]:5300").getPort());
        assertEquals(53, DnsResolvers.address("[::1]").getPort());
        assertEquals(53, DnsResolvers.address("::1").getPort());
        assertEquals(InetAddress.getLoopbackAddress(), DnsResolvers.address("127.0.0.1:5353").getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x", "127.0.0.1:+53", "[::1",
            "[::1]x", "[::1]:", "[]:53", "a b", "127.0.0.1:53/tcp"})
    void badServersAreRefused(String spec) {
        assertThrows(IllegalArgumentException.class, () -> DnsResolvers.address(spec));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DnsResolvers.create(List.of("127.0.0.1:x"), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> DnsResolvers.create(List.of("127.0.0.1"), Duration.ZERO));
    }

    /**
     * A server that drops the first datagram (as a lossy resolver does) is asked again after 1 s: the answer comes
     * in about a second, not after the whole dns-timeout.
     */
    @Test
    void aLostDatagramCostsOneSecondNotTheTimeout() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(15_000);
            AtomicInteger queries = new AtomicInteger();
            Thread responder = new Thread(() -> answerSecondQuery(server, queries));
            responder.start();
            ExtendedResolver resolver = DnsResolvers.create(List.of("127.0.0.1:" + server.getLocalPort()), Duration.ofSeconds(10));
            Name name = Name.fromString("host.example.test.");
            long t0 = System.nanoTime();
            Message answer = resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            responder.join(5_000);
            assertEquals(Rcode.NOERROR, answer.getRcode());
            assertEquals("192.0.2.7", ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
            assertEquals(2, queries.get());
            assertTrue(ms >= 900 && ms < 5_000, ms + " ms");
        }
    }

    /** A silent server: the query fails after dns-timeout, having been asked about once a second. */
    @Test
    void aSilentServerFailsAfterTheTimeoutHavingBeenAskedAgain() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(200);
            ExtendedResolver resolver = DnsResolvers.create(List.of("127.0.0.1:" + server.getLocalPort()), Duration.ofMillis(1500));
            long t0 = System.nanoTime();
            assertThrows(Exception.class, () -> resolver.send(Message.newQuery(
                    Record.newRecord(Name.fromString("silent.example.test."), Type.A, DClass.IN))));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int received = 0;
            byte[] buf = new byte[512];
            try {
                while (true) {
                    server.receive(new DatagramPacket(buf, buf.length));
                    received++;
                }
            } catch (SocketTimeoutException drained) {
                // every datagram the resolver sent has been counted
            }
            assertTrue(received >= 2, received + " queries");
            assertTrue(ms >= 1_000 && ms < 5_000, ms + " ms");
        }
    }

    private static void answerSecondQuery(DatagramSocket server, AtomicInteger queries) {
        byte[] buf = new byte[512];
        try {
            while (queries.get() < 2) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                server.receive(p);
                if (queries.incrementAndGet() == 1) {
                    continue; // lost
                }
                Message query = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Message reply = new Message(query.getHeader().getID());
                reply.getHeader().setFlag(Flags.QR);
                reply.getHeader().setFlag(Flags.RA);
                Record question = query.getQuestion();
                reply.addRecord(question, Section.QUESTION);
                reply.addRecord(new ARecord(question.getName(), DClass.IN, 60, InetAddress.getByName("192.0.2.7")), Section.ANSWER);
                byte[] out = reply.toWire();
                server.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
            }
        } catch (Exception e) {
            // the test's assertions report what did not arrive
        }
    }
}
