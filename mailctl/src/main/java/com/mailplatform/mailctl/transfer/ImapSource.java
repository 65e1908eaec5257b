package com.mailplatform.mailctl.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Another IMAP server as the source of a live migration, like imapsync: every selectable folder (LIST, RFC 3501
 * section 6.3.8; RFC 6154 special-use attributes where the server gives them) is EXAMINEd (read-only, so
 * \Seen and \Recent stay as they are on the source) and each message fetched with UID, FLAGS, INTERNALDATE and
 * BODY.PEEK[], one at a time. It runs in mailctl, not in admin-api: the source's password goes from the operator's
 * machine to the source only, and admin-api needs no way out to arbitrary hosts.
 */
public final class ImapSource implements MailSource {

    public enum Tls {
        IMPLICIT, STARTTLS, NONE;

        public static Tls of(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "implicit", "tls", "ssl" -> IMPLICIT;
                case "starttls" -> STARTTLS;
                case "none", "plain" -> NONE;
                default -> throw new IllegalArgumentException("--imap-tls is implicit, starttls or none");
            };
        }
    }

    private static final DateTimeFormatter INTERNALDATE = DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ROOT);
    private static final List<String> USES = List.of("\\Sent", "\\Drafts", "\\Trash", "\\Junk", "\\Archive", "\\All", "\\Flagged");

    private final String host;
    private final int port;
    private final Tls tls;
    private final String user;
    private final String password;
    private final boolean insecure;
    private final Limits limits;
    private ImapConnection conn;

    public ImapSource(String host, int port, Tls tls, String user, String password, boolean insecure, Limits limits) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.insecure = insecure;
        this.limits = limits;
    }

    @Override
    public List<SourceFolder> folders(List<String> skipped) throws IOException {
        conn = new ImapConnection(host, port, tls, insecure, limits);
        conn.command("LOGIN " + ImapConnection.quote(user) + " " + ImapConnection.quote(password));
        List<SourceFolder> out = new ArrayList<>();
        for (List<Object> r : conn.command("LIST \"\" \"*\"")) {
            if (r.size() < 5 || !"LIST".equalsIgnoreCase(String.valueOf(r.get(1))) || !(r.get(2) instanceof List<?> attrs)) {
                continue;
            }
            String raw = r.get(4) instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(r.get(4));
            if (attrs.stream().anyMatch(a -> "\\Noselect".equalsIgnoreCase(String.valueOf(a)) || "\\NonExistent".equalsIgnoreCase(String.valueOf(a)))) {
                continue;
            }
            String delimiter = r.get(3) == null ? null : String.valueOf(r.get(3));
            String name;
            try {
                name = FolderNames.decodeUtf7(raw);
            } catch (IllegalArgumentException e) {
                skipped.add("IMAP folder " + raw + ": not modified UTF-7");
                continue;
            }
            if (delimiter != null && !delimiter.equals("/")) {
                if (name.contains("/")) {
                    skipped.add("IMAP folder " + raw + ": has a '/' in a name part");
                    continue;
                }
                name = name.replace(delimiter, "/");
            }
            name = name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
            if (name.length() > limits.maxFolderNameLength() || name.split("/").length > limits.maxFolderDepth()) {
                skipped.add("IMAP folder " + raw + ": name too long or too deep");
                continue;
            }
            if (out.size() >= limits.maxFolders()) {
                skipped.add("IMAP folder " + raw + ": more than " + limits.maxFolders() + " folders");
                continue;
            }
            String use = attrs.stream().map(String::valueOf).map(a -> USES.stream().filter(u -> u.equalsIgnoreCase(a)).findFirst().orElse(null))
                    .filter(java.util.Objects::nonNull).filter(u -> !u.equals("\\All") && !u.equals("\\Flagged")).findFirst()
                    .orElse(FolderNames.specialUse(name));
            out.add(new SourceFolder(name, use, raw));
        }
        out.sort(java.util.Comparator.comparing((SourceFolder f) -> !f.name().equals("INBOX")).thenComparing(SourceFolder::name));
        return out;
    }

    @Override
    public Iterator<SourceMessage> messages(SourceFolder folder) throws IOException {
        String raw = (String) folder.handle();
        conn.command("EXAMINE " + ImapConnection.quote(raw));
        List<Long> uids = new ArrayList<>();
        for (List<Object> r : conn.command("UID SEARCH ALL")) {
            if (r.size() >= 2 && "SEARCH".equalsIgnoreCase(String.valueOf(r.get(1)))) {
                for (Object o : r.subList(2, r.size())) {
                    try {
                        uids.add(Long.parseLong(String.valueOf(o)));
                    } catch (NumberFormatException e) {
                        // not a UID
                    }
                }
            }
        }
        uids.sort(null);
        Iterator<Long> it = uids.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public SourceMessage next() {
                if (!it.hasNext()) {
                    throw new NoSuchElementException();
                }
                long uid = it.next();
                try {
                    return fetch(raw, uid);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private SourceMessage fetch(String folder, long uid) throws IOException {
        String origin = "imap://" + host + "/" + folder + ";UID=" + uid;
        for (List<Object> r : conn.command("UID FETCH " + uid + " (UID FLAGS INTERNALDATE BODY.PEEK[])")) {
            if (r.size() < 4 || !"FETCH".equalsIgnoreCase(String.valueOf(r.get(2))) || !(r.get(3) instanceof List<?> items)) {
                continue;
            }
            Set<String> flags = new LinkedHashSet<>();
            long date = 0;
            Object body = null;
            long gotUid = -1;
            for (int i = 0; i + 1 < items.size(); i += 2) {
                String key = String.valueOf(items.get(i)).toUpperCase(Locale.ROOT);
                Object v = items.get(i + 1);
                switch (key) {
                    case "UID" -> gotUid = Long.parseLong(String.valueOf(v));
                    case "FLAGS" -> {
                        if (v instanceof List<?> l) {
                            for (Object f : l) {
                                String s = String.valueOf(f);
                                if (!s.equalsIgnoreCase("\\Recent") && (s.startsWith("\\") || Keywords.valid(s))) {
                                    flags.add(s);
                                }
                            }
                        }
                    }
                    case "INTERNALDATE" -> date = internalDate(String.valueOf(v));
                    case "BODY[]" -> body = v;
                    default -> { }
                }
            }
            if (gotUid != uid) {
                continue; // an unsolicited FETCH about another message (flag change by another client)
            }
            if (body instanceof ImapConnection.Skipped s) {
                return SourceMessage.bad(origin, "larger than " + limits.maxMessageBytes() + " bytes (" + s.size() + ")");
            }
            if (!(body instanceof byte[] b) || b.length == 0) {
                return SourceMessage.bad(origin, "no message body in the FETCH response");
            }
            return new SourceMessage(LineEnds.toCrlf(b), flags, date, origin, null);
        }
        return SourceMessage.bad(origin, "the server sent no FETCH response for it (expunged meanwhile?)");
    }

    /** RFC 3501 date-time: "17-Jul-1996 02:44:25 -0700" (the day may be space-padded). */
    static long internalDate(String s) {
        try {
            return ZonedDateTime.parse(s.trim(), INTERNALDATE).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        if (conn != null) {
            conn.close();
            conn = null;
        }
    }
}
