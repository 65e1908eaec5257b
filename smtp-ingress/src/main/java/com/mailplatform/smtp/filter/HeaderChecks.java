package com.mailplatform.smtp.filter;

import com.mailplatform.smtp.SmtpConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Postfix's header_checks, the simplest content filter, built on the content hook: each rule is
 * {@code /regex/ REJECT text} or {@code /regex/ PREPEND header}, matched case-insensitively against every
 * (unfolded) header line. Only the header section is read.
 */
@ApplicationScoped
public class HeaderChecks implements MailFilter {

    /** Most header bytes examined; a message with a larger header section is checked up to here. */
    static final int MAX_HEADER_BYTES = 256 * 1024;

    record Rule(Pattern pattern, boolean reject, String text) {
    }

    private final List<Rule> rules;

    @jakarta.inject.Inject
    public HeaderChecks(SmtpConfig config) {
        this(parse(config.headerChecks().orElse(List.of())));
    }

    HeaderChecks(List<Rule> rules) {
        this.rules = rules;
    }

    static List<Rule> parse(List<String> entries) {
        List<Rule> rules = new ArrayList<>();
        for (String e : entries) {
            String s = e.strip();
            if (s.isEmpty()) {
                continue;
            }
            int close = s.lastIndexOf('/');
            if (!s.startsWith("/") || close <= 0) {
                throw new IllegalArgumentException("smtpd.header-checks: expected /regex/ ACTION text: " + e);
            }
            Pattern p = Pattern.compile(s.substring(1, close), Pattern.CASE_INSENSITIVE);
            String rest = s.substring(close + 1).strip();
            int sp = rest.indexOf(' ');
            String action = (sp < 0 ? rest : rest.substring(0, sp)).toUpperCase(java.util.Locale.ROOT);
            String text = sp < 0 ? "" : rest.substring(sp + 1).strip();
            switch (action) {
                case "REJECT" -> rules.add(new Rule(p, true, text.isEmpty() ? "Error: message content rejected" : text));
                case "PREPEND" -> {
                    if (!text.matches("[!-9;-~]+:.*")) {
                        throw new IllegalArgumentException("smtpd.header-checks: PREPEND needs a header line: " + e);
                    }
                    rules.add(new Rule(p, false, text));
                }
                default -> throw new IllegalArgumentException("smtpd.header-checks: unknown action " + action + " in " + e);
            }
        }
        return List.copyOf(rules);
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Uni<Verdict> onMessage(FilterContext ctx, byte[] message) {
        if (rules.isEmpty()) {
            return Verdict.continueUni();
        }
        return Uni.createFrom().item(check(message));
    }

    Verdict check(byte[] message) {
        List<String> add = new ArrayList<>();
        for (String header : headers(message)) {
            for (Rule r : rules) {
                if (r.pattern().matcher(header).find()) {
                    if (r.reject()) {
                        return Verdict.reject("550 5.7.1 " + r.text());
                    }
                    add.add(r.text());
                }
            }
        }
        return add.isEmpty() ? Verdict.proceed() : Verdict.tag(add);
    }

    /** Unfolded header lines (RFC 5322 section 2.2.3), up to the first empty line. */
    static List<String> headers(byte[] message) {
        String head = new String(message, 0, Math.min(message.length, MAX_HEADER_BYTES), StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        if (end >= 0) {
            head = head.substring(0, end);
        }
        List<String> out = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            if ((line.startsWith(" ") || line.startsWith("\t")) && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + line);
            } else if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }
}
