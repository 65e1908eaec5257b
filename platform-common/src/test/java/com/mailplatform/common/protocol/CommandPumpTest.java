package com.mailplatform.common.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CommandPumpTest {

    private final List<String> seen = new ArrayList<>();
    private final AtomicInteger pauses = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();

    private CommandPump pump(CompletableFuture<Void> slowOne, String slowLine) {
        InputBuffer in = new InputBuffer(1000);
        CommandPump[] self = new CommandPump[1];
        self[0] = new CommandPump(in, input -> {
            InputBuffer.Line l = input.nextLine();
            if (l == null) {
                return null;
            }
            String text = new String(l.bytes(), StandardCharsets.US_ASCII);
            seen.add(text);
            if (text.equals("STARTTLS")) {
                self[0].clear();
            }
            return text.equals(slowLine) ? slowOne : CompletableFuture.completedFuture(null);
        }, pauses::incrementAndGet, resumes::incrementAndGet, 64 * 1024);
        return self[0];
    }

    @Test
    void manyPipelinedCommandsBehindASlowOneRunInOrderWithoutGrowingTheStack() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        CommandPump p = pump(slow, "0");
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            burst.append(i).append("\r\n");
        }
        p.received(burst.toString().getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, seen.size(), "later commands wait for the slow one, unframed");
        assertEquals(1, pauses.get(), "the reader is paused at the high-water mark");
        slow.complete(null);
        assertEquals(100_000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(String.valueOf(i), seen.get(i));
        }
        assertEquals(1, resumes.get());
    }

    /** STARTTLS clears what came behind it in the same read: none of it was framed yet (CVE-2011-0411 class). */
    @Test
    void startTlsDropsEverythingBehindIt() {
        CompletableFuture<Void> handshake = new CompletableFuture<>();
        CommandPump p = pump(handshake, "STARTTLS");
        p.received("EHLO a\r\nSTARTTLS\r\nMAIL FROM:<injected@x>\r\nRCPT TO:<y@z>\r\n".getBytes(StandardCharsets.US_ASCII));
        handshake.complete(null);
        p.received("EHLO again\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("EHLO a", "STARTTLS", "EHLO again"), seen);
    }

    @Test
    void heldInputRunsOnlyWhenReleased() {
        CommandPump p = pump(new CompletableFuture<>(), "never");
        p.hold();
        p.received("EHLO early\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of(), seen);
        assertEquals(12, p.input().available(), "the early talker's bytes are there to be seen");
        p.release();
        assertEquals(List.of("EHLO early"), seen);
    }
}
