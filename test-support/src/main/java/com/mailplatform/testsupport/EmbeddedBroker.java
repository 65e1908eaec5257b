package com.mailplatform.testsupport;

import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An embedded ActiveMQ Artemis with one AMQP 1.0 acceptor on loopback and a persistent journal, so a message the
 * broker accepted survives a broker restart like it would on a production broker.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Addresses the platform uses; made ANYCAST and durable up front so no consumer ever gets a private copy. */
    public static final String[] QUEUES = {"mail-inbound"};

    private final EmbeddedActiveMQ server;
    private final int port;

    private EmbeddedBroker(EmbeddedActiveMQ server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedBroker start(Path dataDir, int port) throws Exception {
        ConfigurationImpl cfg = new ConfigurationImpl();
        cfg.setName("mail-platform-broker");
        cfg.setPersistenceEnabled(true);
        cfg.setJournalType(JournalType.NIO);
        // How long the journal gathers writes before one fsync: Artemis's NIO default is 3.3 ms (300 syncs/s for
        // a spinning disk), which every durable send waits out, so it was most of SMTP's 250 latency (smtp-ingress
        // answers only after the broker's settlement). 0.5 ms is Artemis's AIO default; concurrent sends still
        // share one fsync, and each is still synced before it is settled.
        cfg.setJournalBufferTimeout_NIO(500_000);
        cfg.setJournalDirectory(dataDir.resolve("journal").toString());
        cfg.setBindingsDirectory(dataDir.resolve("bindings").toString());
        cfg.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
        cfg.setPagingDirectory(dataDir.resolve("paging").toString());
        cfg.setSecurityEnabled(false);
        cfg.setJMXManagementEnabled(false);
        cfg.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
        // Mail is never dropped to a dead-letter queue: redeliver forever, one second apart.
        cfg.addAddressSetting("#", new AddressSettings()
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(1000));
        for (String q : QUEUES) {
            cfg.addAddressConfiguration(new CoreAddressConfiguration()
                    .setName(q)
                    .addRoutingType(RoutingType.ANYCAST)
                    .addQueueConfiguration(QueueConfiguration.of(q).setRoutingType(RoutingType.ANYCAST).setDurable(true)));
        }
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(cfg);
        server.start();
        return new EmbeddedBroker(server, port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
