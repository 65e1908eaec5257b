package com.mailplatform.mailctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Plain-text tables for people: a header, one row per item, columns padded; values from JSON paths. */
public final class Table {

    /** {@code path} is a dot-separated JSON path; arrays are joined with ", ". */
    public record Column(String header, String path) {
    }

    private Table() {
    }

    public static Column col(String header, String path) {
        return new Column(header, path);
    }

    public static String render(List<Column> columns, Iterable<JsonNode> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode row : rows) {
            cells.add(columns.stream().map(c -> text(at(row, c.path()))).toArray(String[]::new));
        }
        int[] width = new int[columns.size()];
        for (String[] r : cells) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Follows {@code path}; through an array it collects the field of every element (recipients.status). */
    static JsonNode at(JsonNode node, String path) {
        JsonNode n = node;
        for (String p : path.split("\\.")) {
            if (n.isArray()) {
                com.fasterxml.jackson.databind.node.ArrayNode all = Api.JSON.createArrayNode();
                n.forEach(e -> all.add(e.path(p)));
                n = all;
            } else {
                n = n.path(p);
            }
        }
        return n;
    }

    static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "-";
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(e -> parts.add(text(e)));
            return parts.isEmpty() ? "-" : String.join(", ", parts);
        }
        String s = n.asText();
        // Control characters from a remote party (an SMTP banner, a reply) must not drive the terminal.
        return s.isEmpty() ? "-" : s.replaceAll("\\p{Cntrl}", "?");
    }
}
