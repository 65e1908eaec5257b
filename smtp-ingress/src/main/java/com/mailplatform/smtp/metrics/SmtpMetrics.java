package com.mailplatform.smtp.metrics;

import com.mailplatform.common.metrics.ProtocolMetrics;
import com.mailplatform.smtp.Listener;
import com.mailplatform.smtp.checks.DkimOutcome;
import com.mailplatform.smtp.checks.DmarcOutcome;
import com.mailplatform.smtp.checks.SpfOutcome;
import com.mailplatform.smtp.filter.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * smtp-ingress's meters (names in k8s/monitoring/README.md): connections, queued messages and their bytes, every
 * 4xx/5xx reply by code and RFC 3463 enhanced status (the reason: 5.1.1 unknown user, 5.7.1 policy, ...), SASL
 * failures, and the outcomes of DNSBL, SPF, DKIM, DMARC and the milters. Every label value comes from our own
 * replies or configuration, never from what a client sent.
 */
@jakarta.inject.Singleton
public class SmtpMetrics {

    /** {@code 550 5.1.1 ...}: the reply code, then an enhanced status code when there is one. */
    private static final Pattern REPLY = Pattern.compile("^([45][0-9][0-9])[ -](?:([245]\\.[0-9]{1,3}\\.[0-9]{1,3})\\b)?");

    private final MeterRegistry registry;
    private final ProtocolMetrics protocol;
    private final Counter queued;
    private final Counter queueFailed;
    private final Counter receivedBytes;

    public SmtpMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.protocol = new ProtocolMetrics(registry, "smtp",
                Arrays.stream(Listener.values()).map(Listener::serviceName).collect(Collectors.toSet()), Set.of());
        queued = Counter.builder("mail.smtp.transactions").tag("result", "queued")
                .description("Messages accepted (250 after DATA/BDAT) and queued").register(registry);
        queueFailed = Counter.builder("mail.smtp.transactions").tag("result", "queue_error")
                .description("Messages refused with 451 because the queue could not take them").register(registry);
        receivedBytes = Counter.builder("mail.smtp.received.bytes").baseUnit("bytes")
                .description("Size of the queued messages, Received header included").register(registry);
    }

    public void connected(Listener listener) {
        protocol.connected(listener.serviceName());
    }

    public void disconnected() {
        protocol.disconnected();
    }

    public void authFailure() {
        protocol.authFailure();
    }

    public void queued(long bytes) {
        queued.increment();
        receivedBytes.increment(bytes);
    }

    public void queueFailed() {
        queueFailed.increment();
    }

    /** Counts a reply of the server if it is a 4xx/5xx reject; any other reply is ignored. */
    public void reply(String text) {
        if (text == null || text.isEmpty() || (text.charAt(0) != '4' && text.charAt(0) != '5')) {
            return;
        }
        Matcher m = REPLY.matcher(text);
        if (!m.find()) {
            return;
        }
        registry.counter("mail.smtp.rejects", "code", m.group(1), "status", m.group(2) == null ? "none" : m.group(2)).increment();
    }

    /** A DNSBL zone's answer for one client: listed, clean or error (the look-up failed). */
    public void dnsbl(String zone, String result) {
        registry.counter("mail.smtp.dnsbl.lookups", "zone", zone, "result", result).increment();
    }

    /** The results that went into Authentication-Results (null: the check is off or did not run). */
    public void senderChecks(SpfOutcome spf, List<DkimOutcome> dkim, DmarcOutcome dmarc) {
        if (spf != null) {
            registry.counter("mail.smtp.spf.results", "result", spf.result().keyword()).increment();
        }
        if (dkim != null) {
            if (dkim.isEmpty()) {
                registry.counter("mail.smtp.dkim.results", "result", "none").increment();
            }
            // one per signature, as in Authentication-Results
            dkim.forEach(d -> registry.counter("mail.smtp.dkim.results", "result", d.result().keyword()).increment());
        }
        if (dmarc != null) {
            registry.counter("mail.smtp.dmarc.results", "result", dmarc.result().keyword(),
                    "disposition", dmarc.disposition() == null ? "none" : dmarc.disposition().name().toLowerCase(Locale.ROOT)).increment();
        }
    }

    /** One milter's answer at one stage (connect, helo, mail, rcpt, data ...); error: it failed or timed out. */
    public void milter(String stage, Verdict verdict, Throwable failure) {
        String action = failure != null ? "error"
                : verdict == null ? "continue" : verdict.action().name().toLowerCase(Locale.ROOT);
        registry.counter("mail.smtp.milter.responses", "stage", stage, "action", action).increment();
    }
}
