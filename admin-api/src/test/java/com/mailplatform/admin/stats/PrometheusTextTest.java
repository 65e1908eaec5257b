package com.mailplatform.admin.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    static final Set<String> WANTED = MetricsSampler.WANTED;

    @Test
    void readsWantedSeriesWithLabels() {
        String text = """
                # HELP mail_deliveries_total Deliveries
                # TYPE mail_deliveries_total counter
                mail_deliveries_total{dsn_class="2",status="sent",transport="local"} 3.0
                mail_deliveries_total{dsn_class="4",status="deferred",transport="smtp"} 2.0 1700000000000
                mail_deliveries_total{dsn_class="2",status="sent",transport="smtp"} 1.0
                mail_smtp_rejects_total{code="550",status="5.1.1"} 4
                mail_smtp_transactions_total{result="queued"} 7.0
                jvm_memory_used_bytes{area="heap"} 1.0E7
                """;
        List<PrometheusText.Sample> s = PrometheusText.parse(text, WANTED);
        assertEquals(5, s.size());
        assertEquals(Map.of("dsn_class", "4", "status", "deferred", "transport", "smtp"), s.get(1).labels());
        Map<String, Double> series = MetricsSampler.series(s);
        assertEquals(Map.of("deliveries.sent", 4.0, "deliveries.deferred", 2.0, "rejects.550", 4.0, "transactions.queued", 7.0), series);
    }

    @Test
    void escapedLabelValues() {
        PrometheusText.Sample s = PrometheusText.line("mail_smtp_rejects_total{code=\"5\\\"50\",status=\"a\\\\b\\nc\"} 1", WANTED);
        assertEquals("5\"50", s.labels().get("code"));
        assertEquals("a\\b\nc", s.labels().get("status"));
    }

    @Test
    void hostileLinesAreSkipped() {
        for (String bad : List.of("mail_smtp_rejects_total{code=\"550\" 1", "mail_smtp_rejects_total{code=550} 1",
                "mail_smtp_rejects_total{code=\"550\"}", "mail_smtp_rejects_total{code=\"550\"} NaN",
                "mail_smtp_rejects_total{code=\"550\"} -1", "mail_smtp_rejects_total{code=\"550\"} +Inf",
                "mail_smtp_rejects_total{code=\"550\"} 1 2 3", "mail_smtp_rejects_total{code=\"550\"} x",
                "mail_smtp_rejects_total{", "mail_smtp_rejects_total{\"", "{} 1", "mail_smtp_rejects_total 1e999")) {
            assertNull(PrometheusText.line(bad, WANTED), bad);
        }
        StringBuilder many = new StringBuilder();
        many.append("mail_smtp_rejects_total{code=\"").append("x".repeat(PrometheusText.MAX_LINE)).append("\"} 1\n");
        many.append("mail_smtp_rejects_total{").append("a=\"b\",".repeat(100)).append("} 1\n");
        many.append("mail_smtp_rejects_total{code=\"550\"} 1\n".repeat(PrometheusText.MAX_SAMPLES + 50));
        many.append("\0\uFFFF garbage \n\n\n");
        List<PrometheusText.Sample> s = PrometheusText.parse(many.toString(), WANTED);
        assertEquals(PrometheusText.MAX_SAMPLES, s.size(), "long line and too many labels skipped; samples capped");
        assertTrue(PrometheusText.parse("", WANTED).isEmpty());
    }
}
