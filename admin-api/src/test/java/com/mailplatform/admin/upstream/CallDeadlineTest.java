package com.mailplatform.admin.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CallDeadlineTest {

    private final AtomicReference<CallOptions> seen = new AtomicReference<>();

    private final Channel channel = new Channel() {
        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            seen.set(options);
            return null;
        }

        @Override
        public String authority() {
            return "test";
        }
    };

    @Test
    void eachCallGetsItsOwnDeadlineFromItsStart() throws Exception {
        CallDeadline interceptor = new CallDeadline(Duration.ofMillis(300));
        interceptor.interceptCall(null, CallOptions.DEFAULT, channel);
        long first = seen.get().getDeadline().timeRemaining(TimeUnit.MILLISECONDS);
        assertTrue(first > 200 && first <= 300, "about 300 ms left: " + first);
        Thread.sleep(400); // longer than the deadline: a stub-level deadline would have expired by now
        interceptor.interceptCall(null, CallOptions.DEFAULT, channel);
        long second = seen.get().getDeadline().timeRemaining(TimeUnit.MILLISECONDS);
        assertTrue(second > 200 && second <= 300, "a fresh 300 ms for the later call: " + second);
    }

    @Test
    void aCallersOwnDeadlineIsKept() {
        CallOptions own = CallOptions.DEFAULT.withDeadline(Deadline.after(5, TimeUnit.SECONDS));
        new CallDeadline(Duration.ofMillis(300)).interceptCall(null, own, channel);
        assertSame(own, seen.get());
        assertEquals(own.getDeadline(), seen.get().getDeadline());
    }
}
