package com.mailplatform.delivery.queue;

import com.mailplatform.delivery.bounce.DsnKind;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What an attempt's outcomes mean for the queue, decided without I/O: which recipients wait (and until when), which
 * rows are finished, which outcomes are logged, and which DSNs the sender gets. {@link DeferredQueue} applies it in
 * one transaction.
 */
public record Settlement(List<Outcome> log, List<Deferral> deferrals, List<Long> finishedRows,
                         Map<DsnKind, List<DsnEntry>> dsns) {

    /** A recipient that waits: {@code attempts} so far, next try at {@code next}. */
    public record Deferral(Job.Recipient recipient, Outcome outcome, int attempts, Instant next, boolean warned) {
    }

    public record DsnEntry(Job.Recipient recipient, Outcome outcome) {
    }

    public record Policy(Duration minimalBackoff, Duration maximalBackoff, Duration lifetime, Duration delayWarning) {
    }

    public static Settlement of(Job job, List<Outcome> outcomes, Instant now, Policy p) {
        List<Outcome> log = new ArrayList<>();
        List<Deferral> deferrals = new ArrayList<>();
        List<Long> finished = new ArrayList<>();
        Map<DsnKind, List<DsnEntry>> dsns = new EnumMap<>(DsnKind.class);
        // RFC 3461 section 6.2: never a report about a report (null reverse path).
        boolean reportable = !job.sender().isEmpty();
        Instant received = Instant.ofEpochMilli(job.receivedAtMillis());
        for (Outcome o : outcomes) {
            Job.Recipient r = job.recipient(o.recipient());
            if (r == null) {
                r = Job.Recipient.fresh(o.recipient(), null, null);
            }
            Outcome logged = o;
            int attempts = r.attempts() + 1;
            if (o.status() == Status.DEFERRED && !now.isBefore(received.plus(p.lifetime()))) {
                // maximal_queue_lifetime reached: the last temporary reason becomes the permanent one.
                logged = new Outcome(o.recipient(), o.origRecipient(), o.relay(), o.dsn(), Status.BOUNCED,
                        "message expired after " + attempts + " attempts: " + o.reply(), o.connectMillis(), o.transmitMillis());
            }
            log.add(logged);
            switch (logged.status()) {
                case DEFERRED -> {
                    boolean warn = reportable && !r.warned() && !p.delayWarning().isZero()
                            && !now.isBefore(received.plus(p.delayWarning())) && Notify.onDelay(r.notifyOn());
                    if (warn) {
                        add(dsns, DsnKind.DELAYED, new DsnEntry(r, logged));
                    }
                    deferrals.add(new Deferral(r, logged, attempts,
                            now.plus(Backoff.after(attempts, p.minimalBackoff(), p.maximalBackoff())), r.warned() || warn));
                }
                case BOUNCED -> {
                    finish(r, finished);
                    if (reportable && Notify.onFailure(r.notifyOn())) {
                        add(dsns, DsnKind.FAILED, new DsnEntry(r, logged));
                    }
                }
                case SENT -> {
                    finish(r, finished);
                    if (reportable && Notify.onSuccess(r.notifyOn())) {
                        add(dsns, DsnKind.DELIVERED, new DsnEntry(r, logged));
                    }
                }
                // Only a quarantine holds, and it is no attempt (Hold, DeferredQueue.hold).
                case HELD -> throw new IllegalArgumentException("a delivery attempt never holds: " + o.recipient());
            }
        }
        return new Settlement(log, deferrals, finished, dsns);
    }

    private static void finish(Job.Recipient r, List<Long> finished) {
        if (r.rowId() > 0) {
            finished.add(r.rowId());
        }
    }

    private static void add(Map<DsnKind, List<DsnEntry>> dsns, DsnKind kind, DsnEntry e) {
        dsns.computeIfAbsent(kind, k -> new ArrayList<>()).add(e);
    }
}
