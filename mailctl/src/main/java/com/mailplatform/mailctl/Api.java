package com.mailplatform.mailctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** admin-api's REST API v1: JSON in and out; problems (RFC 9457) become {@link ApiException}s. */
public final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String token;
    private final HttpClient http;

    public Api(String base, String token) {
        this.base = base.replaceAll("/+$", "");
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public JsonNode get(String path, Map<String, Object> query) {
        return send("GET", path + query(query), null);
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /**
     * import (issue 17): a request whose body or answer is not JSON (mailbox transfer frames). The answer's body is
     * handed over as bytes; a problem becomes an {@link ApiException} as for JSON requests.
     */
    public byte[] binary(String method, String path, Map<String, Object> query, String contentType, HttpRequest.BodyPublisher body,
                         Duration timeout) {
        return exchange(method, path + query(query), "*/*", contentType, body, timeout);
    }

    /** One request; the answer's body when it is 2xx, else the problem (RFC 9457) as an {@link ApiException}. */
    private byte[] exchange(String method, String pathAndQuery, String accept, String contentType, HttpRequest.BodyPublisher body,
                            Duration timeout) {
        if (token == null || token.isBlank()) {
            throw new ApiException(ExitCodes.AUTH, "no token: pass --token, --token-file or set MAILCTL_TOKEN");
        }
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout)
                    .header("Authorization", "Bearer " + token).header("Accept", accept);
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> r = http.send(b.method(method, body).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                String text = new String(r.body(), StandardCharsets.UTF_8);
                JsonNode node = text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
                throw new ApiException(ExitCodes.forHttpStatus(r.statusCode()),
                        node.path("title").asText("HTTP " + r.statusCode()) + " (" + r.statusCode() + "): " + node.path("detail").asText(text));
            }
            return r.body();
        } catch (IOException e) {
            throw new ApiException(ExitCodes.UNAVAILABLE, "cannot reach admin-api at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ExitCodes.FAILURE, "interrupted");
        } catch (IllegalArgumentException e) {
            throw new ApiException(ExitCodes.USAGE, "bad --url " + base + ": " + e.getMessage());
        }
    }

    /** One path segment (an address may hold characters that mean something in a path). */
    public static String seg(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private static String query(Map<String, Object> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
        return q.toString();
    }

    private JsonNode send(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e); // maps and records always serialize
        }
        byte[] answer = exchange(method, path, "application/json", body == null ? null : "application/json", publisher, Duration.ofSeconds(60));
        try {
            String text = new String(answer, StandardCharsets.UTF_8);
            return text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new ApiException(ExitCodes.UNAVAILABLE, "cannot reach admin-api at " + base + ": " + e);
        }
    }
}
