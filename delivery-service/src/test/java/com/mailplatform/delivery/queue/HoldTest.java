package com.mailplatform.delivery.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.delivery.log.MailLog;
import com.mailplatform.delivery.log.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class HoldTest {

    private static final Job JOB = new Job("Q1", "s@x.test", "blob", 10, 0, null, null,
            List.of(Job.Recipient.fresh("a@local.test", null, null),
                    Job.Recipient.fresh("list@local.test", null, null).expandedTo("b@remote.test")), false, "Junk", false);

    @Test
    void everyRecipientIsHeldWithTheReason() {
        List<Outcome> held = Hold.outcomes(JOB, "Infected (Eicar-Test-Signature)");
        assertEquals(List.of("a@local.test", "b@remote.test"), held.stream().map(Outcome::recipient).toList());
        held.forEach(o -> {
            assertEquals(Outcome.Status.HELD, o.status());
            assertEquals("hold: Infected (Eicar-Test-Signature)", o.reply());
            assertEquals("4.7.0", o.dsn());
        });
        assertEquals("list@local.test", held.get(1).origRecipient());
        assertEquals("Q1: to=<b@remote.test>, orig_to=<list@local.test>, relay=none, delay=1.50, delays=1.50/0.00/0.00,"
                + " dsn=4.7.0, status=held (hold: Infected (Eicar-Test-Signature))", MailLog.line("Q1", held.get(1), 1500));
    }

    @Test
    void aHostileReasonCannotForgeLogLinesNorGrowWithoutBound() {
        String line = Hold.outcomes(JOB, "bad\r\nQ2: to=<x@y>, status=sent (ok)").get(0).reply();
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        assertEquals("hold: bad  Q2: to=<x@y>, status=sent (ok)", line);
        String longReason = Hold.outcomes(JOB, "x".repeat(10_000)).get(0).reply();
        assertEquals("hold: ".length() + Hold.MAX_REASON + 3, longReason.length());
        assertTrue(Hold.outcomes(JOB, " \t ").get(0).reply().endsWith("quarantined by a filter"));
    }
}
