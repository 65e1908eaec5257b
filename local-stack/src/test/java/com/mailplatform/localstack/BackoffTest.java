package com.mailplatform.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesWhileThePartDiesYoungAndStartsOverAfterAStableRun() {
        Backoff b = Backoff.standard();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            delays.add(b.afterDeath(Duration.ofSeconds(2)).toSeconds());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), delays);
        assertEquals(1, b.afterDeath(Duration.ofSeconds(60)).toSeconds());
        assertEquals(2, b.afterDeath(Duration.ofSeconds(59)).toSeconds());
    }
}
