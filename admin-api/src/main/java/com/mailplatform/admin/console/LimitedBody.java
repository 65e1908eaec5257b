package com.mailplatform.admin.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A provider's JSON answer, at most {@link #MAX} bytes and within one deadline for the whole exchange: the
 * request's own timeout stops counting once the headers are in (JDK-8258397), so a provider that stalls in the
 * body would otherwise hold the worker thread for ever.
 */
final class LimitedBody {

    static final int MAX = 64 * 1024;

    record Answer(int status, String body) {
    }

    private LimitedBody() {
    }

    static Answer send(HttpClient http, HttpRequest request, Duration deadline) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, info -> new Bounded());
        try {
            HttpResponse<String> r = call.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(r.statusCode(), r.body());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IOException("no complete answer within " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
    }

    /** Collects the body; more than MAX bytes cancels the exchange. */
    private static final class Bounded implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                if (bytes.size() + b.remaining() > MAX) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("answered with more than " + MAX + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
