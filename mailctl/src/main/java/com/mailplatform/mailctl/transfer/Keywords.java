package com.mailplatform.mailctl.transfer;

/** IMAP keywords are atoms (RFC 9051 section 9, flag-keyword): what a source names otherwise is dropped. */
final class Keywords {

    private Keywords() {
    }

    static boolean valid(String k) {
        if (k.isEmpty() || k.length() > 200 || k.startsWith("\\")) {
            return false;
        }
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            // atom-specials: ( ) { SP CTL % * " \ ]
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
