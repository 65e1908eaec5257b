package com.mailplatform.gateway.imap.sort;

import com.mailplatform.common.grpc.mailbox.SortFields;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An imaptest mbox (src/test/resources/imaptest) as SortItems: the "From " line is the internal date (what
 * imaptest APPENDs with), the header gives what the store's SortFieldsOf would. A small header reader, enough for
 * these fixtures (the store's Mime4j extraction is tested in mailbox-store).
 */
final class MboxFixture {

    private static final Pattern WORD = Pattern.compile("=\\?([^?]+)\\?([qQbB])\\?([^?]*)\\?=");
    private static final Pattern ID = Pattern.compile("<[^<>\\s]+>");
    private static final DateTimeFormatter ENVELOPE_DATE = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy[ Z]", Locale.ENGLISH);

    private MboxFixture() {
    }

    static List<SortItem> load(String name) throws IOException {
        String text;
        try (InputStream in = MboxFixture.class.getResourceAsStream("/imaptest/" + name + ".mbox")) {
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        }
        List<SortItem> out = new ArrayList<>();
        for (String chunk : text.split("(?m)^(?=From )")) {
            if (chunk.isBlank()) {
                continue;
            }
            int nl = chunk.indexOf('\n');
            String envelope = chunk.substring(5, nl).trim().replaceFirst("^\\S+\\s+", "").replaceAll("\\s+", " ");
            ZonedDateTime internal = ZonedDateTime.parse(envelope.contains("+") || envelope.contains(" -") ? envelope : envelope + " +0000",
                    ENVELOPE_DATE);
            String rest = chunk.substring(nl + 1);
            int end = rest.indexOf("\n\n");
            String header = (end < 0 ? rest : rest.substring(0, end)).replaceAll("\n[ \t]+", " ");
            // the message as APPENDed: without the blank line that separates mbox entries, with CRLF line ends
            String message = rest.endsWith("\n\n") ? rest.substring(0, rest.length() - 1) : rest;
            long size = message.length() + message.chars().filter(c -> c == '\n').count();
            out.add(SortItem.of(out.size() + 1, out.size() + 1, size, internal.toInstant().toEpochMilli(), fields(header)));
        }
        return out;
    }

    static SortFields fields(String header) {
        SortFields.Builder b = SortFields.newBuilder();
        for (String line : header.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (field) {
                case "subject" -> b.setSubject(decode(value));
                case "date" -> b.setSentDateMillis(ZonedDateTime.parse(value.replaceAll("\\s*\\(.*\\)$", ""),
                        DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli());
                case "from" -> b.setFromMailbox(mailbox(value)).setFromDisplay(display(value));
                case "to" -> b.setToMailbox(mailbox(value)).setToDisplay(display(value));
                case "cc" -> b.setCcMailbox(mailbox(value));
                case "message-id" -> ids(value).stream().findFirst().ifPresent(b::setMessageId);
                case "references" -> b.addAllReferences(ids(value));
                case "in-reply-to" -> {
                    if (b.getReferencesCount() == 0) {
                        ids(value).stream().findFirst().ifPresent(b::addReferences);
                    }
                }
                default -> { }
            }
        }
        return b.build();
    }

    private static List<String> ids(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = ID.matcher(value);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** The first address's local part, or a group's name. */
    private static String mailbox(String value) {
        String first = value.split(",")[0].trim();
        int colon = first.indexOf(':');
        if (colon >= 0 && (first.indexOf('@') > colon || first.endsWith(";"))) {
            return first.substring(0, colon).trim();
        }
        String spec = addrSpec(first);
        int at = spec.indexOf('@');
        return at < 0 ? spec : spec.substring(0, at);
    }

    private static String display(String value) {
        String first = value.split(",")[0].trim();
        int colon = first.indexOf(':');
        if (colon >= 0 && (first.indexOf('@') > colon || first.endsWith(";"))) {
            return first.substring(0, colon).trim();
        }
        int lt = first.indexOf('<');
        if (lt > 0) {
            return decode(first.substring(0, lt).trim().replace("\"", ""));
        }
        return addrSpec(first);
    }

    private static String addrSpec(String address) {
        int lt = address.indexOf('<');
        String s = lt >= 0 ? address.substring(lt + 1, address.indexOf('>', lt)) : address.replaceAll("\\(.*\\)", "").trim();
        return s;
    }

    private static String decode(String value) {
        Matcher m = WORD.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Charset cs = Charset.forName(m.group(1));
            byte[] bytes;
            if (m.group(2).equalsIgnoreCase("b")) {
                bytes = Base64.getDecoder().decode(m.group(3));
            } else {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                String q = m.group(3).replace('_', ' ');
                for (int i = 0; i < q.length(); i++) {
                    if (q.charAt(i) == '=' && i + 2 < q.length()) {
                        out.write(Integer.parseInt(q.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        out.write(q.charAt(i));
                    }
                }
                bytes = out.toByteArray();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(new String(bytes, cs)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
