package com.mailplatform.common.address;

/**
 * Parses the angle-bracketed paths of MAIL FROM and RCPT TO (RFC 5321 section 4.1.2):
 * {@code Path = "<" [ A-d-l ":" ] Mailbox ">"}. A source route is accepted and ignored, as section 4.1.2 and
 * Appendix C ask. The null path {@code <>} is returned as {@code null}.
 */
public final class ReversePath {

    /** RFC 5321 section 4.5.3.1.3: a path is at most 256 octets including the brackets. */
    public static final int MAX_PATH = 256;

    private ReversePath() {
    }

    /** Returns the mailbox inside {@code <...>}, or null for the null path {@code <>}. */
    public static MailAddress parsePath(String path) throws AddressException {
        return parsePath(path, false);
    }

    /** As {@link #parsePath(String)}; {@code utf8} allows RFC 6531 internationalized addresses. */
    public static MailAddress parsePath(String path, boolean utf8) throws AddressException {
        if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH) {
            throw new AddressException("path longer than " + MAX_PATH + " octets");
        }
        if (path.length() < 2 || path.charAt(0) != '<' || path.charAt(path.length() - 1) != '>') {
            throw new AddressException("path must be enclosed in <>");
        }
        String inner = path.substring(1, path.length() - 1);
        if (inner.isEmpty()) {
            return null;
        }
        if (inner.startsWith("@")) {
            int colon = inner.indexOf(':');
            if (colon < 0) {
                throw new AddressException("bad source route");
            }
            for (String hop : inner.substring(0, colon).split(",", -1)) {
                if (!hop.startsWith("@")) {
                    throw new AddressException("bad source route");
                }
                MailAddress.validateDomain(hop.substring(1));
            }
            inner = inner.substring(colon + 1);
        }
        return MailAddress.parse(inner, utf8);
    }
}
