package com.mailplatform.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Relays every connection to 127.0.0.1:{@code listenPort} to 127.0.0.1:{@code targetPort}, byte for byte. Tests use
 * it to make a service "come back" on an address a client is configured with (e.g. a milter that was down).
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public TcpRelay(int listenPort, int targetPort) throws IOException {
        this.server = new ServerSocket(listenPort, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        Thread t = new Thread(this::accept, "tcp-relay-" + listenPort);
        t.setDaemon(true);
        t.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                open.add(in);
                Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(out);
                pumpInBackground(in, out);
                pumpInBackground(out, in);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pumpInBackground(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream i = from.getInputStream()) {
                i.transferTo(to.getOutputStream());
                to.shutdownOutput();
            } catch (IOException ignored) {
                // one side closed: the other side sees it through its own read
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** Stops listening and cuts every relayed connection, as if the service behind it had died. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }
}
