package com.mailplatform.store.imap;

import com.mailplatform.common.grpc.mailbox.FolderChangeNotice;
import com.mailplatform.store.delivery.LocalDelivery;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One PostgreSQL LISTEN connection per store replica on {@link LocalDelivery#CHANGES_CHANNEL}, fanned out to every
 * WatchChanges stream. PostgreSQL delivers a NOTIFY to every listener after commit, so a change made through any
 * replica reaches the gateways connected to any other. A notification is a hint: while the LISTEN connection is
 * down some are lost, and gateways recover by asking for changes since their last MODSEQ.
 */
@ApplicationScoped
public class ChangeFeed {

    private static final Logger LOG = Logger.getLogger(ChangeFeed.class);

    private final BroadcastProcessor<FolderChangeNotice> processor = BroadcastProcessor.create();
    private final Vertx vertx;
    private final String url;
    private final String user;
    private final String password;
    private PgSubscriber subscriber;

    public ChangeFeed(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                      @ConfigProperty(name = "quarkus.datasource.username") String user,
                      @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.vertx = vertx;
        this.url = url.startsWith("vertx-reactive:") ? url.substring("vertx-reactive:".length()) : url;
        this.user = user;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user).setPassword(password);
        // Vert.x names client metrics after metricsName (default ""), which Prometheus exported as m__current,
        // m__queue_size ...; "type|name" is how Quarkus names its own pools: postgresql_*{clientName="change-feed"}
        options.setMetricsName("postgresql|change-feed");
        subscriber = PgSubscriber.subscriber(vertx, options);
        // reconnect forever, once a second: gateways fall back to polling meanwhile
        subscriber.reconnectPolicy(retries -> 1000L);
        subscriber.channel(LocalDelivery.CHANGES_CHANNEL).handler(this::onNotify);
        subscriber.connect().onComplete(ar -> {
            if (ar.failed()) {
                LOG.warnf("change feed: LISTEN connection failed: %s", ar.cause().toString());
            } else {
                LOG.info("change feed: listening on " + LocalDelivery.CHANGES_CHANNEL);
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
        processor.onComplete();
    }

    private void onNotify(String payload) {
        int colon = payload == null ? -1 : payload.indexOf(':');
        if (colon <= 0) {
            return;
        }
        try {
            long mailbox = Long.parseLong(payload.substring(0, colon));
            long modseq = Long.parseLong(payload.substring(colon + 1));
            processor.onNext(FolderChangeNotice.newBuilder().setMailboxId(mailbox).setModseq(modseq).build());
        } catch (NumberFormatException e) {
            LOG.debugf("change feed: ignoring payload %s", payload);
        }
    }

    /** Every notice from now on; a slow consumer loses notices rather than stalling the others (they are hints). */
    public Multi<FolderChangeNotice> stream() {
        return processor.onOverflow().drop();
    }
}
