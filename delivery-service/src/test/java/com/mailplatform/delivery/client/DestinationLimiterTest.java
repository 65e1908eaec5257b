package com.mailplatform.delivery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DestinationLimiterTest {

    @Test
    void atMostTheLimitPerDestinationTheRestWaitsInOrder() {
        DestinationLimiter limiter = new DestinationLimiter(2);
        List<UniEmitter<? super String>> running = new ArrayList<>();
        List<String> done = new ArrayList<>();
        AtomicInteger started = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            limiter.run("example.com", () -> Uni.createFrom().<String>emitter(em -> {
                started.incrementAndGet();
                running.add(em);
            })).subscribe().with(done::add);
        }
        limiter.run("other.example", () -> Uni.createFrom().item("other")).subscribe().with(done::add);
        assertEquals(2, started.get(), "two at a time for example.com");
        assertEquals(List.of("other"), done, "another destination does not wait");
        running.get(0).complete("first");
        assertEquals(3, started.get());
        running.get(1).complete("second");
        running.get(2).complete("third");
        running.get(3).complete("fourth");
        running.get(4).complete("fifth");
        assertEquals(List.of("other", "first", "second", "third", "fourth", "fifth"), done);
        assertEquals(0, limiter.active("example.com"));
    }
}
