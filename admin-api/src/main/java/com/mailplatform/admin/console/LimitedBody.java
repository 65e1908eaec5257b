package com.mailplatform.admin.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A provider's JSON answer read up to {@link #MAX} bytes: discovery documents and token responses are small. */
final class LimitedBody {

    static final int MAX = 64 * 1024;

    record Answer(int status, String body) {
    }

    private LimitedBody() {
    }

    /** Sends on the calling (worker) thread and reads the body there: never a blocking read on the client's executor. */
    static Answer send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            byte[] b = in.readNBytes(MAX + 1);
            if (b.length > MAX) {
                throw new IOException(request.uri().getHost() + " answered with more than " + MAX + " bytes");
            }
            return new Answer(response.statusCode(), new String(b, StandardCharsets.UTF_8));
        }
    }
}
