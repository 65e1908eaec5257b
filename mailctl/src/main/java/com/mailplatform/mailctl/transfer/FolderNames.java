package com.mailplatform.mailctl.transfer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Folder names between sources and the platform: Maildir++ and IMAP spell non-ASCII names in modified UTF-7
 * (RFC 3501 section 5.1.3: UTF-16 in base64 with "," for "/" between "&amp;" and "-"; "&amp;-" is "&amp;"); the
 * platform keeps UTF-8 with "/" as hierarchy separator. Also the RFC 6154 special use Dovecot's and the usual
 * clients' folder names stand for.
 */
public final class FolderNames {

    private static final Map<String, String> SPECIAL_USE = Map.ofEntries(Map.entry("sent", "\\Sent"), Map.entry("sent messages", "\\Sent"),
            Map.entry("sent items", "\\Sent"), Map.entry("drafts", "\\Drafts"), Map.entry("trash", "\\Trash"),
            Map.entry("deleted messages", "\\Trash"), Map.entry("deleted items", "\\Trash"), Map.entry("junk", "\\Junk"),
            Map.entry("spam", "\\Junk"), Map.entry("archive", "\\Archive"), Map.entry("archives", "\\Archive"));

    private FolderNames() {
    }

    /** The special use a top-level folder's name implies, or "". */
    public static String specialUse(String name) {
        return name.contains("/") ? "" : SPECIAL_USE.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    /** Modified UTF-7 to a Java string; IllegalArgumentException for what is not modified UTF-7. */
    public static String decodeUtf7(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int amp = s.indexOf('&', i);
            if (amp < 0) {
                out.append(s, i, s.length());
                break;
            }
            out.append(s, i, amp);
            int dash = s.indexOf('-', amp);
            if (dash < 0) {
                throw new IllegalArgumentException("unterminated &-shift in " + s);
            }
            if (dash == amp + 1) {
                out.append('&');
            } else {
                byte[] utf16 = Base64.getDecoder().decode(pad(s.substring(amp + 1, dash).replace(',', '/')));
                if (utf16.length % 2 != 0) {
                    throw new IllegalArgumentException("odd UTF-16 in " + s);
                }
                out.append(new String(utf16, StandardCharsets.UTF_16BE));
            }
            i = dash + 1;
        }
        return out.toString();
    }

    public static String encodeUtf7(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int j = i;
            while (j < s.length() && (s.charAt(j) < 0x20 || s.charAt(j) >= 0x7f)) {
                j++;
            }
            String b64 = Base64.getEncoder().withoutPadding().encodeToString(s.substring(i, j).getBytes(StandardCharsets.UTF_16BE));
            out.append('&').append(b64.replace('/', ',')).append('-');
            i = j;
        }
        return out.toString();
    }

    private static String pad(String b64) {
        return b64 + "===".substring(0, (4 - b64.length() % 4) % 4);
    }
}
