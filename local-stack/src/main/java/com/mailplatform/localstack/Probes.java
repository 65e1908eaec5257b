package com.mailplatform.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Health probes over plain loopback sockets that refuse to count a connection to themselves as an answer. */
final class Probes {

    private static final int CONNECT_MS = 1000;
    private static final int READ_MS = 5000;

    private Probes() {
    }

    /** HTTP GET of {@code path} (a Quarkus health endpoint): true on a 200. */
    static boolean http(int port, String path) {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(readUpTo(s.getInputStream(), 12), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.") && status.endsWith(" 200");
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * AMQP 1.0 protocol header exchange (section 2.2 of the OASIS spec): the broker answers a header with its own,
     * which proves the acceptor is up and speaks AMQP, not merely that the port is open.
     */
    static boolean amqp(int port) {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
            return "AMQP".equals(new String(readUpTo(s.getInputStream(), 4), StandardCharsets.US_ASCII));
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A login and {@code SELECT 1}: a postmaster that is still recovering accepts the connection but not the login. */
    static boolean postgres(int port) {
        if (!listening(port)) {
            return false;
        }
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", "postgres");
        p.setProperty("connectTimeout", "2");
        p.setProperty("socketTimeout", "5");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p)) {
            return c.createStatement().executeQuery("SELECT 1").next();
        } catch (SQLException notYet) {
            return false;
        }
    }

    private static boolean listening(int port) {
        try (Socket s = connect(port)) {
            return true;
        } catch (IOException no) {
            return false;
        }
    }

    /**
     * Connects to 127.0.0.1:port. If the kernel gave this socket the target port as its source port while nothing
     * listened, the socket is connected to itself; that is closed at once (freeing the port) and reported as
     * not listening.
     */
    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_MS);
            if (s.getLocalPort() == s.getPort() && s.getLocalAddress().equals(s.getInetAddress())) {
                throw new IOException("connected to itself on port " + port);
            }
            s.setSoTimeout(READ_MS);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new IOException("short answer");
        }
        return b;
    }
}
