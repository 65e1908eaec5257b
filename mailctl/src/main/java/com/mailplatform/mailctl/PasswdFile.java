package com.mailplatform.mailctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dovecot's passwd-file ({@code user:{SCHEME}hash:uid:gid:gecos:home:shell:extra_fields}, one account a line,
 * "Passwd-file" in Dovecot's documentation), read into accounts to create. Pure: no I/O besides the reader. A bad
 * line becomes a {@link Problem} with its number and the file goes on; bounded by line length and entry count so
 * that a wrong file (a mailbox, a binary) ends quickly with a clear message instead of thousands of requests.
 */
final class PasswdFile {

    /** Longer than any real line (an Argon2 hash is ~170 characters, extra fields a few hundred). */
    static final int MAX_LINE_CHARS = 8192;
    static final int MAX_ENTRIES = 100_000;

    record Entry(int line, String address, String passwordHash, long quotaBytes) {
        @Override
        public String toString() { // never print a hash
            return "Entry[line=" + line + ", address=" + address + "]";
        }
    }

    record Problem(int line, String message) {
    }

    // Dovecot's quota rule for all mailboxes: *:storage=<size>[B|k|M|G|T] (1024-based), in userdb extra fields
    private static final Pattern QUOTA = Pattern.compile("^(?:userdb_)?quota_rule=\\*:storage=(\\d{1,15})([BkKMGT]?)$");

    private PasswdFile() {
    }

    /**
     * Every entry of {@code in}; problems go to {@code problems}. {@code domain}, when given, is added to bare user
     * names, and a full address of another domain is a problem (the import is for one domain).
     */
    static List<Entry> read(BufferedReader in, String domain, Consumer<Problem> problems) throws IOException {
        String dom = domain == null ? null : domain.trim().toLowerCase(Locale.ROOT);
        List<Entry> entries = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int number = 0;
        while (true) {
            // read by character so that one endless "line" is cut at the limit instead of filling memory
            line.setLength(0);
            boolean tooLong = false;
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (line.length() < MAX_LINE_CHARS) {
                    line.append((char) c);
                } else {
                    tooLong = true;
                }
            }
            if (c == -1 && line.isEmpty() && !tooLong) {
                return entries;
            }
            number++;
            if (tooLong) {
                problems.accept(new Problem(number, "line longer than " + MAX_LINE_CHARS + " characters"));
                continue;
            }
            String text = line.toString().strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (entries.size() == MAX_ENTRIES) {
                problems.accept(new Problem(number, "more than " + MAX_ENTRIES + " entries; split the file (nothing after line "
                        + (number - 1) + " was read)"));
                return entries;
            }
            try {
                entries.add(entry(number, text, dom));
            } catch (IllegalArgumentException e) {
                problems.accept(new Problem(number, e.getMessage()));
            }
        }
    }

    static Entry entry(int number, String text, String domain) {
        String[] f = text.split(":", 8);
        if (f.length < 2) {
            throw new IllegalArgumentException("expected user:password[:uid:gid:gecos:home:shell:extra_fields]");
        }
        String user = f[0].trim().toLowerCase(Locale.ROOT);
        if (user.isEmpty() || user.chars().anyMatch(ch -> ch <= 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException("empty user name or one with spaces or control characters");
        }
        String address;
        int at = user.lastIndexOf('@');
        if (at < 0) {
            if (domain == null) {
                throw new IllegalArgumentException("user '" + user + "' has no domain; give --domain");
            }
            address = user + "@" + domain;
        } else {
            if (domain != null && !user.substring(at + 1).equals(domain)) {
                throw new IllegalArgumentException("user '" + user + "' is not in domain " + domain);
            }
            address = user;
        }
        String password = f[1];
        if (password.isEmpty()) {
            throw new IllegalArgumentException("user '" + user + "' has no password (Dovecot would let it log in with any; not imported)");
        }
        // without a {SCHEME} prefix, passwd-file's default_pass_scheme is CRYPT
        String hash = password.startsWith("{") ? password : "{CRYPT}" + password;
        long quota = f.length == 8 ? quota(f[7]) : 0;
        return new Entry(number, address, hash, quota);
    }

    private static long quota(String extraFields) {
        for (String field : extraFields.trim().split("\\s+")) {
            Matcher m = QUOTA.matcher(field);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                int shift = switch (m.group(2)) {
                    case "k", "K" -> 10;
                    case "M" -> 20;
                    case "G" -> 30;
                    case "T" -> 40;
                    default -> 0;
                };
                if (n > (Long.MAX_VALUE >> shift)) {
                    throw new IllegalArgumentException("quota " + field + " is too large");
                }
                return n << shift;
            }
        }
        return 0;
    }
}
