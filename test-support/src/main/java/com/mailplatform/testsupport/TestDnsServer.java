package com.mailplatform.testsupport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server for tests, in process on a loopback UDP port, that can misbehave as a slow or lossy resolver does:
 * every answer {@link #delay delayed}, the next n queries {@link #drop dropped} (or all), names answered SERVFAIL.
 * It answers the TXT and A records it was given; any other name is NXDOMAIN, with an SOA in the authority section
 * only when {@link #negativeSoa} was set (RFC 2308 section 5). Every question asked is recorded, so a test can say
 * how many queries of which type reached the server.
 */
public final class TestDnsServer implements AutoCloseable {

    /** One question as it arrived. */
    public record Query(String name, int type) {
    }

    private final DatagramSocket socket;
    private final Map<String, List<Record>> records = new ConcurrentHashMap<>();
    private final Map<String, Boolean> servfail = new ConcurrentHashMap<>();
    private final List<Query> queries = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService answering = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "test-dns-answer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger dropNext = new AtomicInteger();
    private volatile boolean dropAll;
    private volatile double loss;
    private volatile Duration delay = Duration.ZERO;
    private volatile SOARecord negativeSoa;

    public TestDnsServer() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "test-dns-" + socket.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** The server as the services' {@code resolvers} settings write it. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public TestDnsServer txt(String name, String text, long ttl) {
        return add(new TXTRecord(name(name), DClass.IN, ttl, text));
    }

    public TestDnsServer a(String name, String address, long ttl) {
        try {
            return add(new ARecord(name(name), DClass.IN, ttl, InetAddress.getByName(address)));
        } catch (IOException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    private TestDnsServer add(Record r) {
        records.computeIfAbsent(key(r.getName(), r.getType()), k -> new CopyOnWriteArrayList<>()).add(r);
        return this;
    }

    /** Answers SERVFAIL for every question about {@code name}. */
    public TestDnsServer servfail(String name) {
        servfail.put(name(name).toString().toLowerCase(), true);
        return this;
    }

    /** NXDOMAIN and NODATA carry an SOA of {@code zone} with this TTL and MINIMUM; null: no SOA. */
    public TestDnsServer negativeSoa(String zone, Duration ttl) {
        negativeSoa = zone == null ? null : new SOARecord(name(zone), DClass.IN, ttl.toSeconds(), name("ns." + zone),
                name("hostmaster." + zone), 1, 3600, 600, 86400, ttl.toSeconds());
        return this;
    }

    /** Each answer leaves this long after its question arrived (answers do not wait for each other). */
    public TestDnsServer delay(Duration d) {
        delay = d;
        return this;
    }

    /** The next {@code n} questions get no answer. */
    public TestDnsServer drop(int n) {
        dropNext.set(n);
        return this;
    }

    /** Each question is dropped with this probability (a lossy path). */
    public TestDnsServer loss(double probability) {
        loss = probability;
        return this;
    }

    /** No question gets an answer (true) or all do again (false). */
    public TestDnsServer dropAll(boolean drop) {
        dropAll = drop;
        return this;
    }

    /** Every question asked so far, dropped ones included. */
    public List<Query> queries() {
        return new ArrayList<>(queries);
    }

    /** Questions asked so far about {@code name} (any type). */
    public long queries(String name) {
        String n = name(name).toString().toLowerCase();
        return queries.stream().filter(q -> q.name().equals(n)).count();
    }

    public void clearQueries() {
        queries.clear();
    }

    private void serve() {
        byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                Message query = new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
                Record q = query.getQuestion();
                queries.add(new Query(q.getName().toString().toLowerCase(), q.getType()));
                if (dropAll || dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                        || (loss > 0 && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < loss)) {
                    continue;
                }
                byte[] out = answer(query, q).toWire();
                DatagramPacket reply = new DatagramPacket(out, out.length, in.getSocketAddress());
                long ms = delay.toMillis();
                answering.schedule(() -> send(reply), ms, TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private void send(DatagramPacket reply) {
        try {
            socket.send(reply);
        } catch (IOException e) {
            // closed meanwhile
        }
    }

    private Message answer(Message query, Record q) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.RD);
        m.getHeader().setFlag(Flags.RA);
        m.addRecord(q, Section.QUESTION);
        String name = q.getName().toString().toLowerCase();
        if (servfail.containsKey(name)) {
            m.getHeader().setRcode(Rcode.SERVFAIL);
            return m;
        }
        List<Record> found = records.get(key(q.getName(), q.getType()));
        if (found != null) {
            found.forEach(r -> m.addRecord(r, Section.ANSWER));
            return m;
        }
        boolean exists = records.keySet().stream().anyMatch(k -> k.startsWith(name + "/"));
        m.getHeader().setRcode(exists ? Rcode.NOERROR : Rcode.NXDOMAIN);
        SOARecord soa = negativeSoa;
        if (soa != null) {
            m.addRecord(soa, Section.AUTHORITY);
        }
        return m;
    }

    private static String key(Name name, int type) {
        return name.toString().toLowerCase() + "/" + Type.string(type);
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s.endsWith(".") ? s : s + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    @Override
    public void close() {
        socket.close();
        answering.shutdownNow();
    }
}
