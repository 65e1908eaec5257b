package com.mailplatform.delivery.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.delivery.bounce.DsnKind;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettlementTest {

    private static final Settlement.Policy POLICY = new Settlement.Policy(Duration.ofSeconds(300), Duration.ofSeconds(4000),
            Duration.ofDays(5), Duration.ofHours(4));
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Job job(String sender, Job.Recipient... r) {
        return new Job("Q1", sender, "blob", 10, T0.toEpochMilli(), null, null, List.of(r), true, null, false);
    }

    private static Outcome out(String rcpt, Status s, String dsn) {
        return new Outcome(rcpt, "mx[192.0.2.1]:25", dsn, s, "reply");
    }

    @Test
    void backoffDoublesFromMinimalToMaximal() {
        Duration min = Duration.ofSeconds(300);
        Duration max = Duration.ofSeconds(4000);
        assertEquals(300, Backoff.after(1, min, max).toSeconds());
        assertEquals(600, Backoff.after(2, min, max).toSeconds());
        assertEquals(2400, Backoff.after(4, min, max).toSeconds());
        assertEquals(4000, Backoff.after(5, min, max).toSeconds());
        assertEquals(4000, Backoff.after(1000, min, max).toSeconds());
    }

    @Test
    void deferredWaitsWithBackoffSentAndBouncedFinish() {
        Job j = job("s@x", new Job.Recipient("a@y", "", null, null, 11, 2, false),
                new Job.Recipient("b@y", "", null, null, 12, 0, false), new Job.Recipient("c@y", "", null, null, 13, 0, false));
        Instant now = T0.plusSeconds(60);
        Settlement s = Settlement.of(j, List.of(out("a@y", Status.DEFERRED, "4.4.1"), out("b@y", Status.SENT, "2.0.0"),
                out("c@y", Status.BOUNCED, "5.1.1")), now, POLICY);
        assertEquals(1, s.deferrals().size());
        assertEquals(3, s.deferrals().get(0).attempts());
        assertEquals(now.plusSeconds(1200), s.deferrals().get(0).next());
        assertEquals(List.of(12L, 13L), s.finishedRows());
        assertEquals(1, s.dsns().get(DsnKind.FAILED).size());
        assertTrue(!s.dsns().containsKey(DsnKind.DELIVERED), "no success report unless NOTIFY=SUCCESS");
        assertEquals(3, s.log().size());
    }

    @Test
    void expiryTurnsADeferralIntoABounceWithAReport() {
        Job j = job("s@x", new Job.Recipient("a@y", "", null, null, 11, 7, false));
        Settlement s = Settlement.of(j, List.of(out("a@y", Status.DEFERRED, "4.4.1")), T0.plus(Duration.ofDays(5)), POLICY);
        assertEquals(Status.BOUNCED, s.log().get(0).status());
        assertTrue(s.log().get(0).reply().startsWith("message expired after 8 attempts"));
        assertEquals(List.of(11L), s.finishedRows());
        assertEquals(1, s.dsns().get(DsnKind.FAILED).size());
    }

    @Test
    void notifyIsHonouredAndTheNullSenderNeverGetsAReport() {
        Job never = job("s@x", new Job.Recipient("a@y", "", "NEVER", null, 1, 0, false));
        assertTrue(Settlement.of(never, List.of(out("a@y", Status.BOUNCED, "5.0.0")), T0, POLICY).dsns().isEmpty());
        Job success = job("s@x", new Job.Recipient("a@y", "", "SUCCESS,FAILURE", null, 1, 0, false));
        assertEquals(1, Settlement.of(success, List.of(out("a@y", Status.SENT, "2.0.0")), T0, POLICY).dsns()
                .get(DsnKind.DELIVERED).size());
        Job bounce = job("", new Job.Recipient("a@y", "", "SUCCESS,FAILURE", null, 1, 0, false));
        assertTrue(Settlement.of(bounce, List.of(out("a@y", Status.BOUNCED, "5.0.0")), T0, POLICY).dsns().isEmpty());
    }

    @Test
    void oneDelayWarningAfterTheWarningTime() {
        Job j = job("s@x", new Job.Recipient("a@y", "", null, null, 1, 3, false));
        Settlement early = Settlement.of(j, List.of(out("a@y", Status.DEFERRED, "4.4.1")), T0.plusSeconds(60), POLICY);
        assertTrue(early.dsns().isEmpty());
        Settlement late = Settlement.of(j, List.of(out("a@y", Status.DEFERRED, "4.4.1")), T0.plus(Duration.ofHours(5)), POLICY);
        assertEquals(1, late.dsns().get(DsnKind.DELAYED).size());
        assertTrue(late.deferrals().get(0).warned());
        Job warned = job("s@x", new Job.Recipient("a@y", "", null, null, 1, 3, true));
        assertTrue(Settlement.of(warned, List.of(out("a@y", Status.DEFERRED, "4.4.1")), T0.plus(Duration.ofHours(6)), POLICY)
                .dsns().isEmpty());
        Job noDelay = job("s@x", new Job.Recipient("a@y", "", "FAILURE", null, 1, 3, false));
        assertTrue(Settlement.of(noDelay, List.of(out("a@y", Status.DEFERRED, "4.4.1")), T0.plus(Duration.ofHours(5)), POLICY)
                .dsns().isEmpty());
    }
}
