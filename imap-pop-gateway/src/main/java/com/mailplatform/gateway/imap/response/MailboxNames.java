package com.mailplatform.gateway.imap.response;

import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.imap.ImapStrings;
import java.util.List;
import java.util.Locale;

/** Mailbox names: INBOX is case-insensitive (RFC 9051 section 5.1), "/" is the hierarchy delimiter. */
public final class MailboxNames {

    public static final char DELIMITER = '/';

    private MailboxNames() {
    }

    public static String normalize(String name) {
        String n = name;
        while (n.length() > 1 && n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.equalsIgnoreCase("INBOX")) {
            return "INBOX";
        }
        if (n.length() > 6 && n.substring(0, 6).equalsIgnoreCase("INBOX/")) {
            return "INBOX" + n.substring(5);
        }
        return n;
    }

    /** Printable, no wildcards, no empty levels: what CREATE and RENAME accept. */
    public static boolean valid(String name) {
        if (name.isEmpty() || name.length() > 255 || name.startsWith("/") || name.contains("//")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '*' || c == '%') {
                return false;
            }
        }
        return true;
    }

    public static String quoted(String name) {
        return ImapStrings.string(name);
    }

    /**
     * The stored (UTF-8) name a client's mailbox argument means, normalized; null when a rev1 client's spelling
     * is not modified UTF-7 (RFC 3501 section 5.1.3). UTF-8 sessions (rev2, UTF8=ACCEPT) send the name itself.
     */
    public static String fromClient(String raw, boolean utf8) {
        if (utf8) {
            return normalize(raw);
        }
        try {
            return normalize(ModifiedUtf7.decode(raw));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A stored name as a response's mailbox: modified UTF-7 for rev1, quoted UTF-8 (RFC 9051 section 9) else. */
    public static String toClient(String name, boolean utf8) {
        if (!utf8) {
            return ImapStrings.string(ModifiedUtf7.encode(name));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return ImapStrings.string(name);
            }
        }
        return ImapStrings.quote(name);
    }

    /** LIST pattern matching (RFC 9051 section 6.3.9): '*' matches anything, '%' anything but the delimiter. */
    public static boolean matches(String pattern, String name) {
        String p = pattern.toUpperCase(Locale.ROOT).startsWith("INBOX") && name.equals("INBOX") ? "INBOX" + pattern.substring(5) : pattern;
        return match(p, 0, name, 0, 0);
    }

    private static boolean match(String p, int pi, String n, int ni, int depth) {
        if (depth > 64) {
            return false;
        }
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*' || c == '%') {
                for (int k = ni; k <= n.length(); k++) {
                    if (match(p, pi + 1, n, k, depth + 1)) {
                        return true;
                    }
                    if (k < n.length() && c == '%' && n.charAt(k) == DELIMITER) {
                        return false;
                    }
                }
                return false;
            }
            if (ni >= n.length() || n.charAt(ni) != c) {
                return false;
            }
            pi++;
            ni++;
        }
        return ni == n.length();
    }

    public static boolean hasChildren(String name, List<FolderInfo> all) {
        String prefix = name + DELIMITER;
        for (FolderInfo f : all) {
            if (f.getName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    public static FolderInfo find(String name, List<FolderInfo> all) {
        for (FolderInfo f : all) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The STATUS data items (RFC 9051 section 6.3.11) of one folder. */
    public static String status(FolderInfo f, List<String> items, long appendLimit) {
        return status(f, items, appendLimit, false);
    }

    public static String status(FolderInfo f, List<String> items, long appendLimit, boolean utf8) {
        StringBuilder sb = new StringBuilder("STATUS ").append(toClient(f.getName(), utf8)).append(" (");
        int n = 0;
        for (String item : items) {
            String value = switch (item.toUpperCase(Locale.ROOT)) {
                case "MESSAGES" -> String.valueOf(f.getMessages());
                case "RECENT" -> String.valueOf(f.getRecent());
                case "UIDNEXT" -> String.valueOf(f.getUidnext());
                case "UIDVALIDITY" -> String.valueOf(f.getUidvalidity());
                case "UNSEEN" -> String.valueOf(f.getUnseen());
                case "SIZE" -> String.valueOf(f.getSize());
                case "DELETED" -> String.valueOf(f.getDeleted());
                case "APPENDLIMIT" -> String.valueOf(appendLimit);
                case "MAILBOXID" -> "(" + ObjectIds.mailboxId(f.getMailboxId()) + ")";
                case "HIGHESTMODSEQ" -> String.valueOf(f.getHighestmodseq());
                default -> null;
            };
            if (value == null) {
                throw new IllegalArgumentException("unknown status item " + item);
            }
            sb.append(n++ > 0 ? " " : "").append(item.toUpperCase(Locale.ROOT)).append(' ').append(value);
        }
        return sb.append(')').toString();
    }
}
