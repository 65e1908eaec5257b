package com.mailplatform.delivery.db;

import com.mailplatform.common.db.CommitDurability;
import com.mailplatform.common.db.DurabilityConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Refuses to start on a database that would acknowledge commits it can lose (mail.db.require-durable-commits). */
@ApplicationScoped
public class DurabilityCheck {

    private static final Logger LOG = Logger.getLogger(DurabilityCheck.class);

    void onStart(@Observes StartupEvent event, Pool pool, DurabilityConfig config) {
        CommitDurability.of(pool).await().atMost(Duration.ofSeconds(30)).enforce(config.requireDurableCommits(), LOG);
    }
}
