package com.mailplatform.mailctl.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * admin-api's mailbox transfer body ({@code application/vnd.mailplatform.messages}, admin-api's TransferFrames):
 * per message a JSON line {"size","flags","internalDate","uid"} and then the raw bytes.
 */
public final class Frames {

    public static final String MEDIA_TYPE = "application/vnd.mailplatform.messages";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    public record Frame(byte[] content, Set<String> flags, long internalDateMillis, long uid) { }

    public static void write(ByteArrayOutputStream out, byte[] content, Set<String> flags, long internalDateMillis, long uid) {
        ObjectNode h = JSON.createObjectNode();
        h.put("size", content.length);
        flags.forEach(h.putArray("flags")::add);
        h.put("internalDate", internalDateMillis);
        if (uid > 0) {
            h.put("uid", uid);
        }
        try {
            out.write(JSON.writeValueAsBytes(h));
        } catch (IOException e) {
            throw new IllegalStateException(e); // writing to memory
        }
        out.write('\n');
        out.write(content, 0, content.length);
    }

    /** The frames of an export page; an IOException when the page is not well formed. */
    public static List<Frame> read(byte[] page) throws IOException {
        List<Frame> out = new ArrayList<>();
        int pos = 0;
        while (pos < page.length) {
            int nl = pos;
            while (nl < page.length && page[nl] != '\n') {
                nl++;
            }
            if (nl == page.length) {
                throw new IOException("export page cut off in a frame header");
            }
            JsonNode h = JSON.readTree(new String(page, pos, nl - pos, StandardCharsets.UTF_8));
            int size = h.path("size").asInt(-1);
            if (size < 0 || nl + 1 + size > page.length) {
                throw new IOException("export page cut off in a message");
            }
            Set<String> flags = new LinkedHashSet<>();
            h.path("flags").forEach(f -> flags.add(f.asText()));
            byte[] content = java.util.Arrays.copyOfRange(page, nl + 1, nl + 1 + size);
            out.add(new Frame(content, flags, h.path("internalDate").asLong(), h.path("uid").asLong()));
            pos = nl + 1 + size;
        }
        return out;
    }
}
