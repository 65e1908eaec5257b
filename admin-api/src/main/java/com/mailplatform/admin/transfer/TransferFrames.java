package com.mailplatform.admin.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailplatform.admin.problem.ProblemException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of an import request and of an export answer ({@code application/vnd.mailplatform.messages}): per
 * message one JSON line {@code {"size":N,"flags":[...],"internalDate":MILLIS,"uid":U}} and then exactly N bytes
 * of the raw message. Raw bytes, not base64 in JSON, so a batch costs its size and is read without parsing the
 * message. Malformed input is a 400 problem, never an exception escaping.
 */
public final class TransferFrames {

    public static final String MEDIA_TYPE = "application/vnd.mailplatform.messages";
    static final int MAX_HEADER_LINE = 65536;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TransferFrames() {
    }

    public record Frame(byte[] content, List<String> flags, long internalDateMillis, long uid) { }

    /** The next frame, or null at the end of the body. */
    public static Frame read(InputStream in, long maxMessageBytes) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw ProblemException.badRequest("message frame cut off in its header line");
            }
            if (line.size() >= MAX_HEADER_LINE) {
                throw ProblemException.badRequest("message frame header longer than " + MAX_HEADER_LINE + " bytes");
            }
            line.write(b);
        }
        JsonNode h;
        try {
            h = JSON.readTree(line.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ProblemException.badRequest("message frame header is not JSON");
        }
        if (h == null || !h.isObject() || !h.path("size").canConvertToLong() || !h.path("size").isIntegralNumber()) {
            throw ProblemException.badRequest("message frame header needs an integer \"size\"");
        }
        long size = h.get("size").asLong();
        if (size <= 0 || size > maxMessageBytes) {
            throw ProblemException.badRequest("message size " + size + " not in 1.." + maxMessageBytes);
        }
        List<String> flags = new ArrayList<>();
        JsonNode f = h.path("flags");
        if (!f.isMissingNode() && !f.isArray()) {
            throw ProblemException.badRequest("\"flags\" must be an array of strings");
        }
        for (JsonNode n : f) {
            if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > 200 || flags.size() >= 100) {
                throw ProblemException.badRequest("\"flags\" must be up to 100 strings of 1..200 characters");
            }
            flags.add(n.asText());
        }
        long date = h.path("internalDate").asLong(0);
        if (date < 0) {
            throw ProblemException.badRequest("\"internalDate\" must be epoch milliseconds");
        }
        byte[] content = in.readNBytes((int) size);
        if (content.length != size) {
            throw ProblemException.badRequest("message frame cut off: " + content.length + " of " + size + " bytes");
        }
        return new Frame(content, flags, date, h.path("uid").asLong(0));
    }

    public static void write(OutputStream out, Frame frame) throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("size", frame.content().length);
        h.putPOJO("flags", frame.flags());
        h.put("internalDate", frame.internalDateMillis());
        h.put("uid", frame.uid());
        out.write(JSON.writeValueAsBytes(h));
        out.write('\n');
        out.write(frame.content());
    }
}
