package com.mailplatform.admin.operator.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * One kind's control loop: an informer keeps a cache of the objects and turns every add/update/delete (and a
 * periodic resync) into a key on a {@link WorkQueue}; one worker thread takes keys and calls the reconciler with
 * the cached object. Secondary informers (e.g. Secrets) map their events to keys of this kind.
 */
public final class Controller<T extends HasMetadata> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Controller.class);

    private final String name;
    private final Informable<T> source;
    private final Reconciler<T> reconciler;
    private final Duration resync;
    private final WorkQueue queue;
    private final List<SharedIndexInformer<?>> secondary = new ArrayList<>();
    private SharedIndexInformer<T> informer;
    private Thread worker;
    private volatile boolean closed;

    public Controller(String name, Informable<T> source, Reconciler<T> reconciler, Duration resync) {
        this.name = name;
        this.source = source;
        this.reconciler = reconciler;
        this.resync = resync;
        this.queue = new WorkQueue(name, Duration.ofMillis(500), Duration.ofMinutes(5));
    }

    /** Starts the informer, waits for its first list, then starts the worker. */
    public Controller<T> start() {
        informer = source.inform(new Enqueue<>(queue, o -> List.of(Cache.metaNamespaceKeyFunc(o))), resync.toMillis());
        worker = new Thread(this::work, name + "-worker");
        worker.setDaemon(true);
        worker.start();
        LOG.infof("controller %s started", name);
        return this;
    }

    /** Also reconciles the keys {@code mapper} derives from every event of another kind (after {@link #start}). */
    public <S extends HasMetadata> Controller<T> watch(Informable<S> other, Function<S, List<String>> mapper) {
        secondary.add(other.inform(new Enqueue<>(queue, mapper), 0));
        return this;
    }

    /** The cached objects of this kind (for mappers of secondary watches). */
    public List<T> cached() {
        return informer.getStore().list();
    }

    private void work() {
        while (true) {
            String key;
            try {
                key = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            try {
                process(key);
            } finally {
                queue.done(key);
            }
        }
    }

    private void process(String key) {
        T cached = informer.getStore().getByKey(key);
        if (cached == null) {
            // Gone from the API server: finalizers already did any clean-up before the object could disappear.
            queue.forget(key);
            return;
        }
        try {
            Result result = reconciler.reconcile(cached);
            queue.forget(key);
            result.requeueAfter().ifPresent(d -> queue.addAfter(key, d));
        } catch (Exception | LinkageError e) {
            // LinkageError too: a worker thread that dies silently would stop this kind's reconciliation for good.
            if (closed) {
                return; // the client is going away under a pass that was running: not a failure
            }
            Duration delay = queue.addRateLimited(key);
            if (e instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                // Our cached copy was stale (often after our own earlier write): not worth a warning.
                LOG.debugf("%s: %s changed meanwhile, reconciling again in %s", name, key, delay);
                return;
            }
            LOG.warnf("%s: reconciling %s failed, retry in %s: %s", name, key, delay, e.toString());
            LOG.debug("reconcile failure", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.close();
        if (informer != null) {
            informer.stop();
        }
        secondary.forEach(SharedIndexInformer::stop);
        if (worker != null) {
            worker.interrupt();
        }
    }

    /** Informer events to queue keys; the event type does not matter to a level-based reconciler. */
    private record Enqueue<S>(WorkQueue queue, Function<S, List<String>> keys) implements ResourceEventHandler<S> {

        @Override
        public void onAdd(S obj) {
            keys.apply(obj).forEach(queue::add);
        }

        @Override
        public void onUpdate(S oldObj, S newObj) {
            keys.apply(newObj).forEach(queue::add);
        }

        @Override
        public void onDelete(S obj, boolean deletedFinalStateUnknown) {
            keys.apply(obj).forEach(queue::add);
        }
    }
}
