package com.mailplatform.gateway.imap;

import com.mailplatform.common.grpc.mailbox.FolderChangeNotice;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.WatchChangesRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The gateway's end of mailbox-store's change stream: one WatchChanges call per process, re-opened a second after
 * it fails, fanned out to the sessions that have the changed folder selected. A notice only wakes a session; the
 * session then asks for changes since its own MODSEQ. After a reconnect every session is woken, since notices may
 * have been lost meanwhile.
 */
@Singleton
public class ChangeListener {

    private static final Logger LOG = Logger.getLogger(ChangeListener.class);

    private final Map<Long, Set<Runnable>> watchers = new ConcurrentHashMap<>();
    private final MailboxImap store;
    private final Vertx vertx;
    private volatile Cancellable subscription;
    private volatile boolean stopped;

    public ChangeListener(@GrpcClient("mailbox-store") MailboxImap store, Vertx vertx) {
        this.store = store;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        connect();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        Cancellable s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        subscription = store.watchChanges(WatchChangesRequest.getDefaultInstance())
                .onSubscription().invoke(() -> wakeAll())
                .subscribe().with(this::dispatch, error -> retry("failed: " + error), () -> retry("ended"));
    }

    private void retry(String why) {
        if (!stopped) {
            LOG.debugf("change stream %s; reconnecting in 1 s", why);
            vertx.setTimer(1000, t -> connect());
        }
    }

    private void dispatch(FolderChangeNotice notice) {
        Set<Runnable> set = watchers.get(notice.getMailboxId());
        if (set != null) {
            set.forEach(Runnable::run);
        }
    }

    private void wakeAll() {
        watchers.values().forEach(set -> set.forEach(Runnable::run));
    }

    /** {@code wake} must be cheap and thread-safe (it is called on the gRPC thread). */
    public void watch(long mailboxId, Runnable wake) {
        watchers.computeIfAbsent(mailboxId, k -> ConcurrentHashMap.newKeySet()).add(wake);
    }

    public void unwatch(long mailboxId, Runnable wake) {
        watchers.computeIfPresent(mailboxId, (k, set) -> {
            set.remove(wake);
            return set.isEmpty() ? null : set;
        });
    }
}
