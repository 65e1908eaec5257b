package com.mailplatform.admin.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterHistoryTest {

    static final Instant T0 = Instant.parse("2026-12-04T00:00:00Z");

    static CounterHistory.Sample at(int minute, Map<String, Double> delivery, Map<String, Double> smtp) {
        Map<String, Map<String, Double>> c = new HashMap<>();
        c.put("delivery-service", delivery);
        c.put("smtp-ingress", smtp);
        return new CounterHistory.Sample(T0.plus(Duration.ofMinutes(minute)), c);
    }

    @Test
    void increaseOverTheWindowWithResetsAndGaps() {
        CounterHistory h = new CounterHistory(Duration.ofHours(1), 62);
        h.add(at(0, Map.of("deliveries.sent", 10.0), Map.of("rejects.550", 5.0)));
        h.add(at(1, Map.of("deliveries.sent", 12.0), null)); // smtp-ingress unreadable
        h.add(at(2, Map.of("deliveries.sent", 3.0), Map.of("rejects.550", 7.0))); // delivery-service restarted
        CounterHistory.Increase inc = h.increase(at(3, Map.of("deliveries.sent", 4.0, "deliveries.deferred", 1.0), Map.of("rejects.550", 8.0)));
        assertEquals(2 + 3 + 1, inc.totals().get("deliveries.sent"));
        assertEquals(1.0, inc.totals().get("deliveries.deferred"), "a series first seen counts from 0");
        assertEquals(3.0, inc.totals().get("rejects.550"), "compared with the last reading across the gap");
        assertEquals(T0, inc.from());
        assertEquals(4, inc.samples());
    }

    @Test
    void keepsOneHourAndABaseline() {
        CounterHistory h = new CounterHistory(Duration.ofHours(1), 62);
        for (int m = 0; m <= 180; m++) {
            h.add(at(m, Map.of("deliveries.sent", (double) m), Map.of()));
        }
        assertEquals(61, h.samples().size());
        CounterHistory.Increase inc = h.increase(null);
        assertEquals(T0.plus(Duration.ofMinutes(120)), inc.from());
        assertEquals(60.0, inc.totals().get("deliveries.sent"));
    }

    @Test
    void boundedEvenWhenSamplesComeFast() {
        CounterHistory h = new CounterHistory(Duration.ofHours(1), 62);
        for (int i = 0; i < 1000; i++) {
            h.add(new CounterHistory.Sample(T0.plusSeconds(i), Map.of()));
        }
        assertEquals(62, h.samples().size());
    }
}
