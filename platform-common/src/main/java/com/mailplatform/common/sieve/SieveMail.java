package com.mailplatform.common.sieve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.AddressImpl;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.mail.optional.EnvelopeAccessors;

/**
 * A message as a Sieve script sees it (jSieve's MailAdapter), built from already parsed parts so that this class
 * needs no MIME library: header fields (decoded, in order), the text of each body part with its content type, the
 * raw body, the envelope and the size. Actions are only collected; the caller carries them out.
 */
public class SieveMail implements MailAdapter, EnvelopeAccessors, SieveState {

    /** One body part: its content type (e.g. "text/plain") and its decoded text (empty for non-text parts). */
    public record Part(String contentType, String text) {
    }

    private final List<Map.Entry<String, String>> headers;
    private final List<Part> parts;
    private final String rawBody;
    private final String envelopeFrom;
    private final String envelopeTo;
    private final long size;
    private final Function<String, List<String>> addressParser;
    private final List<Action> actions = new ArrayList<>();
    private final Set<String> flags = new CaseInsensitiveSet();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private SieveContext context;
    private SieveContext lastContext;

    /**
     * {@code addressParser}: a header field's value to its addr-specs ("local@domain"), as the caller's MIME library
     * parses an address list (RFC 5322 section 3.4).
     */
    public SieveMail(List<Map.Entry<String, String>> headers, List<Part> parts, String rawBody, String envelopeFrom,
                     String envelopeTo, long size, Function<String, List<String>> addressParser) {
        this.headers = headers;
        this.parts = parts;
        this.rawBody = rawBody;
        this.envelopeFrom = envelopeFrom;
        this.envelopeTo = envelopeTo;
        this.size = size;
        this.addressParser = addressParser;
    }

    /** A message with nothing in it, for a dry run (CHECKSCRIPT). */
    public static SieveMail empty() {
        return new SieveMail(List.of(), List.of(), "", "", "", 0, v -> List.of());
    }

    @Override
    public void setContext(SieveContext context) {
        this.context = context;
        if (context != null) {
            lastContext = context;
        }
    }

    /** The context of the last run, whose coordinate names the command that failed (for line numbers). */
    public SieveContext lastContext() {
        return lastContext;
    }

    @Override
    public List<Action> getActions() {
        return actions;
    }

    @Override
    public List<String> getHeader(String name) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                out.add(h.getValue());
            }
        }
        return out;
    }

    @Override
    public List<String> getMatchingHeader(String name) {
        return getHeader(name.trim());
    }

    @Override
    public List<String> getHeaderNames() {
        Set<String> names = new LinkedHashSet<>();
        headers.forEach(h -> names.add(h.getKey()));
        return new ArrayList<>(names);
    }

    @Override
    public void addAction(Action action) {
        actions.add(action);
    }

    @Override
    public void executeActions() {
        // carried out by the caller from getActions()
    }

    @Override
    public int getSize() {
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    @Override
    public String getContentType() {
        List<String> ct = getHeader("Content-Type");
        return ct.isEmpty() ? "text/plain" : ct.get(0);
    }

    /** RFC 5173 section 5.1 :text: the text of the text/* parts. */
    @Override
    public boolean isInBodyText(List<String> phrases) {
        return parts.stream().filter(p -> p.contentType().toLowerCase(Locale.ROOT).startsWith("text/"))
                .anyMatch(p -> containsAny(p.text(), phrases));
    }

    /** RFC 5173 section 5.1 :raw: the body as it is, undecoded. */
    @Override
    public boolean isInBodyRaw(List<String> phrases) {
        return containsAny(rawBody, phrases);
    }

    /** RFC 5173 section 5.2 :content: parts whose type matches ("text" matches every text/ subtype, "" every part). */
    @Override
    public boolean isInBodyContent(List<String> contentTypes, List<String> phrases) {
        for (Part p : parts) {
            String ct = p.contentType().toLowerCase(Locale.ROOT);
            for (String want : contentTypes) {
                String w = want.toLowerCase(Locale.ROOT);
                if ((w.isEmpty() || ct.equals(w) || (!w.contains("/") && ct.startsWith(w + "/"))) && containsAny(p.text(), phrases)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean containsAny(String text, List<String> phrases) {
        String t = text.toLowerCase(Locale.ROOT);
        return phrases.stream().anyMatch(p -> t.contains(p.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Address[] parseAddresses(String headerName) {
        List<Address> out = new ArrayList<>();
        for (String value : getHeader(headerName)) {
            for (String a : addressParser.apply(value)) {
                out.add(address(a));
            }
        }
        return out.toArray(new Address[0]);
    }

    private static Address address(String a) {
        int at = a.lastIndexOf('@');
        return at < 0 ? new AddressImpl(a, "") : new AddressImpl(a.substring(0, at), a.substring(at + 1));
    }

    /** RFC 5228 section 5.4: "from" and "to" of the envelope (MAIL FROM, the RCPT TO being delivered). */
    @Override
    public List<String> getEnvelope(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "from" -> List.of(envelopeFrom);
            case "to" -> List.of(envelopeTo);
            default -> List.of();
        };
    }

    @Override
    public List<String> getEnvelopeNames() {
        return List.of("from", "to");
    }

    @Override
    public List<String> getMatchingEnvelope(String name) {
        return getEnvelope(name.trim());
    }

    @Override
    public Set<String> flags() {
        return flags;
    }

    @Override
    public Map<String, String> variables() {
        return variables;
    }

    /** Flags are case-insensitive (RFC 3501 section 2.3.2); the first spelling is kept. */
    private static final class CaseInsensitiveSet extends java.util.AbstractSet<String> {
        private final Map<String, String> map = new LinkedHashMap<>();

        @Override
        public boolean add(String s) {
            return map.putIfAbsent(s.toLowerCase(Locale.ROOT), s) == null;
        }

        @Override
        public boolean remove(Object o) {
            return o instanceof String s && map.remove(s.toLowerCase(Locale.ROOT)) != null;
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof String s && map.containsKey(s.toLowerCase(Locale.ROOT));
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return map.values().iterator();
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public void clear() {
            map.clear();
        }
    }
}
