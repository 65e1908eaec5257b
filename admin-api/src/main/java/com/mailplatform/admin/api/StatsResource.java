package com.mailplatform.admin.api;

import com.mailplatform.admin.security.Roles;
import com.mailplatform.admin.stats.CounterHistory;
import com.mailplatform.admin.stats.MetricsSampler;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** console2: deliveries and SMTP rejects over the last hour, from the services' counters (MetricsSampler). */
@Path("/api/v1/stats/last-hour")
@Tag(name = "stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    public record LastHour(Instant from, Instant to, long windowSeconds, boolean fullHour, int samples,
            Map<String, Long> deliveries, long rejects, Map<String, Long> rejectsByCode, Map<String, Long> transactions,
            Map<String, String> errors) {
    }

    @Inject
    MetricsSampler sampler;

    @GET
    @Blocking
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Deliveries by status, SMTP rejects by code and SMTP transactions by result over the last hour "
            + "(shorter after admin-api started: see windowSeconds and fullHour)")
    public LastHour lastHour() {
        Map.Entry<CounterHistory.Increase, Map<String, String>> r = sampler.lastHour();
        CounterHistory.Increase inc = r.getKey();
        Map<String, Long> deliveries = new TreeMap<>();
        Map<String, Long> rejects = new TreeMap<>();
        Map<String, Long> transactions = new TreeMap<>();
        inc.totals().forEach((k, v) -> {
            int dot = k.indexOf('.');
            String group = k.substring(0, dot);
            String label = k.substring(dot + 1);
            long n = Math.round(v);
            switch (group) {
                case "deliveries" -> deliveries.put(label, n);
                case "rejects" -> rejects.put(label, n);
                case "transactions" -> transactions.put(label, n);
                default -> { }
            }
        });
        long seconds = inc.from() == null ? 0 : Duration.between(inc.from(), inc.to()).toSeconds();
        return new LastHour(inc.from(), inc.to(), seconds, seconds >= 59 * 60, inc.samples(), deliveries,
                rejects.values().stream().mapToLong(Long::longValue).sum(), rejects, transactions, r.getValue());
    }
}
