package com.mailplatform.admin.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.mailplatform.admin.operator.controller.WorkQueue;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    @Test
    void aKeyWaitsOnceHoweverManyEventsArrive() throws Exception {
        try (WorkQueue q = new WorkQueue("t", Duration.ofMillis(10), Duration.ofSeconds(1))) {
            q.add("ns/a");
            q.add("ns/a");
            q.add("ns/b");
            q.add("ns/a");
            assertEquals(2, q.length());
            assertEquals("ns/a", q.take());
            assertEquals("ns/b", q.take());
        }
    }

    @Test
    void anEventDuringProcessingRequeuesAfterDoneNotBefore() throws Exception {
        try (WorkQueue q = new WorkQueue("t", Duration.ofMillis(10), Duration.ofSeconds(1))) {
            q.add("ns/a");
            String key = q.take();
            q.add("ns/a"); // changed while a worker has it: must not be handed to a second worker now
            assertEquals(0, q.length());
            q.done(key);
            assertEquals(1, q.length());
            assertEquals("ns/a", q.take());
        }
    }

    @Test
    void failuresBackOffExponentiallyUpToTheCapAndForgetResets() throws Exception {
        try (WorkQueue q = new WorkQueue("t", Duration.ofMillis(100), Duration.ofMillis(700))) {
            assertEquals(Duration.ofMillis(100), q.addRateLimited("k"));
            assertEquals(Duration.ofMillis(200), q.addRateLimited("k"));
            assertEquals(Duration.ofMillis(400), q.addRateLimited("k"));
            assertEquals(Duration.ofMillis(700), q.addRateLimited("k"));
            for (int i = 0; i < 40; i++) {
                q.addRateLimited("k"); // no overflow into a negative or zero delay
            }
            assertEquals(Duration.ofMillis(700), q.addRateLimited("k"));
            q.forget("k");
            assertEquals(Duration.ofMillis(100), q.addRateLimited("k"));
        }
    }

    @Test
    void delayedAddArrivesAfterTheDelay() throws Exception {
        try (WorkQueue q = new WorkQueue("t", Duration.ofMillis(10), Duration.ofSeconds(1))) {
            long t0 = System.nanoTime();
            q.addAfter("ns/a", Duration.ofMillis(150));
            assertEquals(0, q.length());
            assertEquals("ns/a", q.take());
            assertEquals(true, System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(140));
        }
    }

    @Test
    void closeReleasesABlockedWorker() throws Exception {
        WorkQueue q = new WorkQueue("t", Duration.ofMillis(10), Duration.ofSeconds(1));
        var pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> taken = pool.submit(q::take);
            Thread.sleep(50);
            q.close();
            assertNull(taken.get(2, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
