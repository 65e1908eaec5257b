package com.mailplatform.localstack;

import com.mailplatform.testsupport.EmbeddedBroker;
import java.nio.file.Path;

/**
 * The local stack's broker as a process of its own (run with the launcher's classpath), so it can be killed and
 * restarted without taking the launcher down. Arguments: the journal directory and the AMQP port. SIGTERM stops
 * it cleanly; SIGKILL leaves a journal that the next start recovers.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BrokerMain JOURNAL_DIR AMQP_PORT");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        EmbeddedBroker broker = EmbeddedBroker.start(dir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }));
        System.out.println("broker listening on amqp://127.0.0.1:" + port + ", journal in " + dir);
        Thread.currentThread().join();
    }
}
