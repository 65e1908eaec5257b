package com.mailplatform.admin.dkim;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a published DKIM key record says what mailbox-store's key needs: the same public key ({@code p=}) and key
 * type ({@code k=}, "rsa" when absent: RFC 6376 section 3.6.1). Tag lists are {@code tag=value} separated by
 * {@code ;} with folding whitespace allowed around and, in base64 values, inside (RFC 6376 section 3.2); a record
 * split into several character-strings is read joined without added whitespace (section 3.6.2.2), which the caller
 * does.
 */
public final class DkimRecordMatch {

    /** Longest record compared: an RSA 4096 key record is under 1 KB; anything much longer is not a key record. */
    static final int MAX_RECORD = 8192;

    private DkimRecordMatch() {
    }

    /** True when one of {@code published} has the expected record's p= and k=. */
    public static boolean matches(String expected, List<String> published) {
        Map<String, String> want = tags(expected);
        for (String p : published) {
            Map<String, String> got = tags(p);
            if (got.containsKey("p") && got.get("p").equals(want.get("p")) && keyType(got).equals(keyType(want))) {
                return true;
            }
        }
        return false;
    }

    private static String keyType(Map<String, String> tags) {
        return tags.getOrDefault("k", "rsa").toLowerCase(Locale.ROOT);
    }

    /** The tags of a record; values with all whitespace removed (FWS inside base64 is allowed). Malformed parts are skipped. */
    static Map<String, String> tags(String record) {
        Map<String, String> out = new HashMap<>();
        if (record == null || record.length() > MAX_RECORD) {
            return out;
        }
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String tag = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = part.substring(eq + 1).replaceAll("[ \\t\\r\\n]", "");
            // a tag given twice makes the record invalid (section 3.2); keep the first so it cannot match by accident twice
            out.putIfAbsent(tag, value);
        }
        return out;
    }
}
