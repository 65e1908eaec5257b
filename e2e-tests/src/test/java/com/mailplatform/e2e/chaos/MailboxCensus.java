package com.mailplatform.e2e.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the tagged messages in each account's INBOX over IMAPS and remembers every (UIDVALIDITY, UID) it has seen
 * with the message's tag, across all counts of a run: IMAP forbids giving a UID to a second message within one
 * UIDVALIDITY (RFC 9051 section 2.3.1.1), which is what a database that loses a commit and reissues the UID breaks.
 */
final class MailboxCensus {

    private static final Pattern UID = Pattern.compile("\\bUID (\\d+)");
    private static final Pattern UIDVALIDITY = Pattern.compile("\\[UIDVALIDITY (\\d+)]");

    private final int port;
    private final String password;
    private final Pattern tagPattern;
    private final Map<String, String> seen = new HashMap<>();
    private final List<String> reuses = new ArrayList<>();

    MailboxCensus(int port, String password, Pattern tagPattern) {
        this.port = port;
        this.password = password;
        this.tagPattern = tagPattern;
    }

    /** Copies of each tag in the account's INBOX. Throws when the account cannot be read right now. */
    synchronized Map<String, Integer> count(String account) throws IOException {
        Map<String, Integer> copies = new HashMap<>();
        try (ImapClient imap = ImapClient.connect(port, 30_000)) {
            check(imap.command("LOGIN \"" + account + "\" \"" + password + "\""), "LOGIN");
            ImapClient.Response select = check(imap.command("EXAMINE INBOX"), "EXAMINE");
            String validity = select.untagged().stream().map(UIDVALIDITY::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).findFirst().orElseThrow(() -> new IOException("no UIDVALIDITY: " + select));
            boolean empty = select.untagged().stream().anyMatch(l -> l.equals("* 0 EXISTS"));
            if (!empty) {
                ImapClient.Response fetch = check(imap.command("UID FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])"), "FETCH");
                for (String r : fetch.untagged()) {
                    Matcher uid = UID.matcher(r);
                    Matcher tag = tagPattern.matcher(r);
                    if (!r.contains(" FETCH ") || !uid.find()) {
                        continue;
                    }
                    String t = tag.find() ? tag.group() : "(untagged message)";
                    copies.merge(t, 1, Integer::sum);
                    String key = account + " UIDVALIDITY " + validity + " UID " + uid.group(1);
                    String before = seen.putIfAbsent(key, t);
                    if (before != null && !before.equals(t)) {
                        reuses.add(key + " was " + before + ", now " + t);
                    }
                }
            }
            imap.command("LOGOUT");
        }
        return copies;
    }

    /** Every UID seen for two different messages so far. */
    synchronized List<String> reuses() {
        return List.copyOf(reuses);
    }

    synchronized int uidsSeen() {
        return seen.size();
    }

    private static ImapClient.Response check(ImapClient.Response r, String what) throws IOException {
        if (!r.ok()) {
            throw new IOException(what + " answered " + r.status());
        }
        return r;
    }
}
