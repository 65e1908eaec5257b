package com.mailplatform.smtp.checks;

import com.mailplatform.smtp.filter.MessageEditor;
import com.mailplatform.smtp.filter.MessageEdits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Authentication-Results header field (RFC 8601) without I/O: one field per message with our authserv-id and
 * a resinfo per method (spf with smtp.mailfrom or smtp.helo, dkim with header.d/header.s/header.b, dmarc with the
 * policy in a comment as opendmarc and Gmail write it, and header.from), folded one method per line. Values that
 * came from the sender are reduced to the characters their syntax allows, so nothing can break the field.
 * Also finds the fields a message arrived with that carry our authserv-id (section 5: they are forged).
 */
public final class AuthenticationResults {

    static final String FIELD = "Authentication-Results";
    /** RFC 6008: enough of b= to tell signatures apart. */
    static final int B_PREFIX = 8;

    private AuthenticationResults() {
    }

    /** The complete header line (folded, without the final CRLF). */
    public static String build(String authservId, SpfOutcome spf, List<DkimOutcome> dkim, DmarcOutcome dmarc) {
        List<String> results = new ArrayList<>();
        if (spf != null) {
            results.add("spf=" + spf.result().keyword() + (spf.helo()
                    ? " smtp.helo=" + domain(spf.domain())
                    : " smtp.mailfrom=" + address(spf.identity())));
        }
        if (dkim != null) {
            if (dkim.isEmpty()) {
                results.add("dkim=none");
            }
            for (DkimOutcome d : dkim) {
                StringBuilder sb = new StringBuilder("dkim=").append(d.result().keyword());
                if (d.result() != DkimOutcome.Result.PASS && d.reason() != null) {
                    sb.append(" (").append(comment(d.reason())).append(')');
                }
                if (!domain(d.domain()).isEmpty()) {
                    sb.append(" header.d=").append(domain(d.domain()));
                }
                if (d.selector() != null && !domain(d.selector()).isEmpty()) {
                    sb.append(" header.s=").append(domain(d.selector()));
                }
                if (d.b() != null) {
                    String b = d.b().replaceAll("[^A-Za-z0-9+/]", "");
                    if (!b.isEmpty()) {
                        sb.append(" header.b=").append(b, 0, Math.min(B_PREFIX, b.length()));
                    }
                }
                results.add(sb.toString());
            }
        }
        if (dmarc != null) {
            StringBuilder sb = new StringBuilder("dmarc=").append(dmarc.result().keyword());
            // header.from is the From domain FromDomains accepted: already plain domain syntax.
            if (dmarc.requested() != null) {
                sb.append(" (p=").append(dmarc.requested().keyword()).append(" dis=")
                        .append(dmarc.disposition().keyword()).append(')');
            }
            if (dmarc.fromDomain() != null) {
                sb.append(" header.from=").append(domain(dmarc.fromDomain()));
            }
            results.add(sb.toString());
        }
        StringBuilder out = new StringBuilder(FIELD).append(": ").append(authservId);
        if (results.isEmpty()) {
            return out.append("; none").toString();
        }
        for (String r : results) {
            out.append(";\r\n\t").append(r);
        }
        return out.toString();
    }

    /** Edits deleting every Authentication-Results field whose authserv-id is ours (last first: indexes hold). */
    public static List<MessageEdits.HeaderEdit> removeForged(MessageEditor.Parsed parsed, String authservId) {
        List<Integer> ours = new ArrayList<>();
        int n = 0;
        for (MessageEditor.Field f : parsed.fields()) {
            if (f.name().equalsIgnoreCase(FIELD)) {
                n++;
                if (authservId.equalsIgnoreCase(authservId(f.value()))) {
                    ours.add(n);
                }
            }
        }
        List<MessageEdits.HeaderEdit> edits = new ArrayList<>();
        for (int i = ours.size() - 1; i >= 0; i--) {
            edits.add(new MessageEdits.HeaderEdit(MessageEdits.HeaderEdit.Kind.CHANGE, ours.get(i), FIELD, ""));
        }
        return edits;
    }

    /** The authserv-id of a field value (RFC 8601 section 2.2): the first token, CFWS and comments skipped. */
    static String authservId(String value) {
        String v = withoutComments(value).strip();
        int end = 0;
        while (end < v.length() && v.charAt(end) != ';' && !Character.isWhitespace(v.charAt(end))) {
            end++;
        }
        String id = v.substring(0, end);
        if (id.startsWith("\"") && id.endsWith("\"") && id.length() >= 2) {
            id = id.substring(1, id.length() - 1);
        }
        return id.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code s} with its comments replaced by spaces, in one pass: comments nest and may quote a parenthesis with
     * a backslash (RFC 5322 section 3.2.2), and a hostile field of deeply nested ones must cost no more than its
     * length. An unclosed comment runs to the end.
     */
    static String withoutComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (depth > 0 && c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                if (--depth == 0) {
                    out.append(' ');
                }
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A domain or selector as the sender wrote it, reduced to its syntax; nothing when it cannot be one. */
    private static String domain(String s) {
        String d = s == null ? "" : s.replaceAll("[^A-Za-z0-9._-]", "");
        return d.length() > 253 ? "" : d;
    }

    private static String address(String s) {
        return s.replaceAll("[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~@-]", "");
    }

    private static String comment(String s) {
        String c = s.replaceAll("[^ -~]", " ").replace("(", "[").replace(")", "]").replace("\\", "/");
        return c.length() > 80 ? c.substring(0, 80) : c;
    }
}
