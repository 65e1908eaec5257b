package com.mailplatform.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialLineProcessorTest {

    @Test
    void manyQueuedLinesBehindASlowOneDoNotOverflowTheStack() {
        List<Integer> seen = new ArrayList<>();
        CompletableFuture<Void> slow = new CompletableFuture<>();
        AtomicInteger pauses = new AtomicInteger();
        AtomicInteger resumes = new AtomicInteger();
        SerialLineProcessor<Integer> p = new SerialLineProcessor<>(i -> {
            seen.add(i);
            return i == 0 ? slow : CompletableFuture.completedFuture(null);
        }, pauses::incrementAndGet, resumes::incrementAndGet, 64);
        for (int i = 0; i < 100_000; i++) {
            p.submit(i);
        }
        assertEquals(1, seen.size(), "later lines wait for the slow one");
        assertEquals(1, pauses.get(), "the reader is paused at the high-water mark");
        slow.complete(null);
        assertEquals(100_000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(1, resumes.get());
        assertTrue(p.idle());
    }

    @Test
    void discardDropsPendingLines() {
        List<String> seen = new ArrayList<>();
        CompletableFuture<Void> slow = new CompletableFuture<>();
        SerialLineProcessor<String> p = new SerialLineProcessor<>(s -> {
            seen.add(s);
            CompletionStage<Void> r = s.equals("STARTTLS") ? slow : CompletableFuture.completedFuture(null);
            return r;
        }, () -> { }, () -> { }, 64);
        p.submit("STARTTLS");
        p.submit("MAIL FROM:<injected@x>");
        p.discardPending();
        slow.complete(null);
        assertEquals(List.of("STARTTLS"), seen);
    }
}
