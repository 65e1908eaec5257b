package com.mailplatform.e2e;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver (POST /v1/traces, protobuf): the stand-in for the collector the services export to
 * when traces are on. Decodes ExportTraceServiceRequest generically (field numbers of opentelemetry-proto's
 * trace.proto, common.proto and resource.proto) and keeps the last spans in memory.
 */
final class OtlpReceiver implements AutoCloseable {

    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                        Map<String, String> attributes) {
    }

    private static final int KEEP = 5000;
    private final HttpServer server;
    private final List<ReceivedSpan> spans = new ArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                add(decode(in.readAllBytes()));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);  // an empty ExportTraceServiceResponse
            } catch (RuntimeException | InvalidProtocolBufferException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    private synchronized void add(List<ReceivedSpan> more) {
        spans.addAll(more);
        if (spans.size() > KEEP) {
            spans.subList(0, spans.size() - KEEP).clear();
        }
    }

    static List<ReceivedSpan> decode(byte[] body) throws InvalidProtocolBufferException {
        List<ReceivedSpan> out = new ArrayList<>();
        // ExportTraceServiceRequest: 1 = ResourceSpans
        for (ByteString rs : fields(UnknownFieldSet.parseFrom(body), 1)) {
            UnknownFieldSet resourceSpans = UnknownFieldSet.parseFrom(rs);
            String service = "";
            // ResourceSpans: 1 = Resource (1 = attributes), 2 = ScopeSpans (2 = Span)
            for (ByteString resource : fields(resourceSpans, 1)) {
                service = attributes(UnknownFieldSet.parseFrom(resource), 1).getOrDefault("service.name", "");
            }
            for (ByteString ss : fields(resourceSpans, 2)) {
                for (ByteString s : fields(UnknownFieldSet.parseFrom(ss), 2)) {
                    // Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 9 attributes
                    UnknownFieldSet span = UnknownFieldSet.parseFrom(s);
                    out.add(new ReceivedSpan(service, hex(span, 1), hex(span, 2), hex(span, 4), text(span, 5), attributes(span, 9)));
                }
            }
        }
        return out;
    }

    private static List<ByteString> fields(UnknownFieldSet set, int number) {
        return set.hasField(number) ? set.getField(number).getLengthDelimitedList() : List.of();
    }

    private static String hex(UnknownFieldSet set, int number) {
        List<ByteString> f = fields(set, number);
        return f.isEmpty() ? "" : HexFormat.of().formatHex(f.get(0).toByteArray());
    }

    private static String text(UnknownFieldSet set, int number) {
        List<ByteString> f = fields(set, number);
        return f.isEmpty() ? "" : f.get(0).toStringUtf8();
    }

    /** KeyValue: 1 key, 2 AnyValue (1 string_value; other kinds as their raw text). */
    private static Map<String, String> attributes(UnknownFieldSet set, int number) throws InvalidProtocolBufferException {
        Map<String, String> out = new HashMap<>();
        for (ByteString kv : fields(set, number)) {
            UnknownFieldSet pair = UnknownFieldSet.parseFrom(kv);
            List<ByteString> value = fields(pair, 2);
            out.put(text(pair, 1), value.isEmpty() ? "" : text(UnknownFieldSet.parseFrom(value.get(0)), 1));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
